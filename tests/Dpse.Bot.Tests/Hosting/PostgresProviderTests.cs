using System.Text.Json;
using Dpse.Bot.Hosting;
using Dpse.Bot.Shell;
using Dpse.Core.Duplicates;
using Dpse.Core.Scheduling;
using Dpse.Storage.Postgres.Duplicates;
using Dpse.Storage.Postgres.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dpse.Bot.Tests.Hosting;

/// <summary>
/// Choosing the PostgreSQL store: configuration errors stop start-up with one line naming the key, and an exchange
/// moves from a LiteDB file to PostgreSQL and back through export/import with every number kept. The tests that need
/// a server use <c>DPSE_TEST_POSTGRES</c> (set by <c>.ci/with-postgres</c>) and skip without it, except in CI.
/// </summary>
public sealed class PostgresProviderTests
{
    private static Dictionary<string, string?> Postgres(string? connectionString, string? timeout = null) => new()
    {
        ["Dpse:Storage:Provider"] = "Postgres",
        ["Dpse:Storage:Postgres:ConnectionString"] = connectionString,
        ["Dpse:Storage:Postgres:StartupTimeout"] = timeout,
    };

    [Fact]
    public async Task Run_PostgresWithoutConnectionString_StopsNamingTheKeyAndVariable()
    {
        using var run = new BotRun();

        var result = await run.RunAsync([], "help\n", extra: Postgres(null));

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        Assert.Contains("Dpse:Storage:Postgres:ConnectionString is required", result.Error);
        Assert.Contains("Dpse__Storage__Postgres__ConnectionString", result.Error);
    }

    [Fact]
    public async Task Export_MalformedConnectionString_StopsAtOnceWithoutQuotingIt()
    {
        using var run = new BotRun();

        var result = await run.RunAsync(["export", Path.Combine(run.Folder, "x.json")], extra: Postgres("Host=db;Password=s3cret;Port=notanumber"));

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        Assert.Contains("Dpse:Storage:Postgres:ConnectionString is not a valid connection string", result.Error);
        Assert.DoesNotContain("s3cret", result.Error);
    }

    [Fact]
    public async Task Export_ServerUnreachable_RetriesThenStopsWithOneLineNamingTheKey()
    {
        using var run = new BotRun();
        using var nothingListens = new RefusingPort();

        var result = await run.RunAsync(
            ["export", Path.Combine(run.Folder, "x.json")],
            extra: Postgres($"Host=127.0.0.1;Port={nothingListens.Port};Username=dpse;Password=s3cret;Timeout=2", timeout: "00:00:00.6"));

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^The PostgreSQL server named by Dpse:Storage:Postgres:ConnectionString could not be reached within 0\.6 s \(\d+ attempts; last error: ", line);
        Assert.DoesNotContain("s3cret", line);
    }

    [Fact]
    public async Task Run_UnknownStorageProvider_StopsNamingTheKey()
    {
        using var run = new BotRun();

        var result = await run.RunAsync([], "help\n", extra: new Dictionary<string, string?> { ["Dpse:Storage:Provider"] = "Oracle" });

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        Assert.Contains("Dpse:Storage:Provider 'Oracle' is not a store this bot has: use LiteDb (the default) or Postgres", result.Error);
    }

    [Fact]
    public void Build_Postgres_SharesOnceKeysAndWakesOtherInstances()
    {
        // Nothing connects until the host starts: the wiring alone is checked here, the behaviour in the store's tests.
        using var host = BotHost.Build([], new ShellConsole(new StringReader(""), TextWriter.Null, interactive: false), runAdapters: false,
            settings: Postgres("Host=127.0.0.1;Database=dpse;Username=dpse;Password=unused"));

        var signal = Assert.IsType<PostgresScheduleSignal>(host.Services.GetRequiredService<IScheduleSignal>());
        Assert.Contains(signal, host.Services.GetServices<IHostedService>());
        Assert.IsType<PostgresOnceKeys>(host.Services.GetRequiredService<IOnceKeys>());
    }

    [Fact]
    public async Task ExportImport_LiteDbToPostgresAndBack_KeepsEveryStoryEventAndNumber()
    {
        var connectionString = await NewDatabaseAsync();
        using var lite = new BotRun();
        await lite.RunAsync(["seed"]);
        await lite.RunAsync([], """
            event add title:"Open Councils" start:"2027-01-14 14:00" tz:Europe/London duration:90m reminders:48h,2h
            event rsvp E-1 interested
            story celebrate S-3
            reminders on dm
            """, user: "carol");
        var outbox = Path.Combine(lite.Folder, "outbox.json");
        await File.WriteAllTextAsync(outbox, $$"""{"formatVersion":1,"stories":[],"events":[],"deliveries":{{CliVerbTests.OutboxJson}}}""", TestContext.Current.CancellationToken);
        Assert.Equal(0, (await lite.RunAsync(["import", outbox])).ExitCode);
        var fromLite = Path.Combine(lite.Folder, "from-lite.json");
        Assert.Equal(0, (await lite.RunAsync(["export", fromLite])).ExitCode);

        using var pg = new BotRun();
        var imported = await pg.RunAsync(["import", fromLite], extra: Postgres(connectionString));
        var fromPostgres = Path.Combine(pg.Folder, "from-postgres.json");
        var exported = await pg.RunAsync(["export", fromPostgres], extra: Postgres(connectionString));
        var next = await pg.RunAsync([], "story share outcome:success title:\"After the move\" summary:\"s\" lessons:\"l\"\n", extra: Postgres(connectionString));

        using var back = new BotRun();
        await back.RunAsync(["import", fromPostgres]);
        var again = Path.Combine(back.Folder, "again.json");
        await back.RunAsync(["export", again]);

        Assert.Equal((0, 0), (imported.ExitCode, exported.ExitCode));
        Assert.Contains("Imported 12 stories and 1 event ", imported.Output);
        Assert.Contains("with the settings of 1 member, and 2 delivery records.", imported.Output);
        Assert.Equal(Content(fromLite), Content(fromPostgres));
        Assert.Equal(Content(fromLite), Content(again));
        Assert.Contains("S-13", next.Output);
    }

    [Fact]
    public async Task ExportImport_PostgresToNewLiteDbFile_KeepsNumbersCelebrationsRsvpsAndSubscriptions()
    {
        var connectionString = await NewDatabaseAsync();
        using var pg = new BotRun();
        Assert.Equal(0, (await pg.RunAsync(["seed"], extra: Postgres(connectionString))).ExitCode);
        await pg.RunAsync([], """
            event add title:"Open Councils" start:"2027-01-14 14:00" tz:Europe/London duration:90m reminders:48h,2h
            event add title:"Data Day" start:"2027-02-01 10:00" tz:Europe/Paris duration:1h
            event rsvp E-1 going
            event rsvp E-2 interested
            story celebrate S-3
            story celebrate S-7
            reminders on dm
            """, user: "carol", extra: Postgres(connectionString));
        var subscribed = await pg.RunAsync([], "digest subscribe day:monday time:09:00 tz:Europe/London\nreminders on\n", user: "mod", moderator: true, extra: Postgres(connectionString));
        var fromPostgres = Path.Combine(pg.Folder, "from-postgres.json");
        Assert.Equal(0, (await pg.RunAsync(["export", fromPostgres], extra: Postgres(connectionString))).ExitCode);

        using var lite = new BotRun();
        var imported = await lite.RunAsync(["import", fromPostgres]);
        var again = Path.Combine(lite.Folder, "again.json");
        Assert.Equal(0, (await lite.RunAsync(["export", again])).ExitCode);
        var next = await lite.RunAsync([], """
            story share outcome:success title:"After the move" summary:"s" lessons:"l"
            event add title:"Next one" start:"2027-03-01 10:00" tz:Europe/London duration:1h
            digest settings
            """);

        Assert.Contains("will get the weekly digest", subscribed.Output);
        Assert.Equal(0, imported.ExitCode);
        Assert.Contains("Imported 12 stories and 2 events ", imported.Output);
        Assert.Contains("with the settings of 1 channel and 1 member", imported.Output);
        using (var exported = JsonDocument.Parse(File.ReadAllText(fromPostgres)))
        {
            var root = exported.RootElement;
            Assert.Equal(2, root.GetProperty("stories").EnumerateArray().Count(s => s.GetProperty("celebrations").GetArrayLength() > 0));
            Assert.All(root.GetProperty("events").EnumerateArray(), e => Assert.Equal(1, e.GetProperty("rsvps").GetArrayLength()));
            var channel = Assert.Single(root.GetProperty("channels").EnumerateArray());
            Assert.Equal("monday", channel.GetProperty("digest").GetProperty("day").GetString());
            Assert.True(channel.GetProperty("remindersOn").GetBoolean());
        }

        Assert.Equal(Content(fromPostgres), Content(again));
        Assert.Equal(Channels(fromPostgres), Channels(again));
        Assert.Contains("S-13", next.Output);
        Assert.Contains("E-3", next.Output);
        Assert.Contains("Monday", next.Output);
    }

    private static Task<string> NewDatabaseAsync() => TestPostgres.NewDatabaseAsync();

    /// <summary>The export's channel settings without their updated-at, which is the import's time.</summary>
    private static string Channels(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return string.Join('\n', document.RootElement.GetProperty("channels").EnumerateArray().Select(c => JsonSerializer.Serialize(new
        {
            channel = c.GetProperty("channel"),
            digest = c.GetProperty("digest"),
            remindersOn = c.GetProperty("remindersOn"),
        })));
    }

    /// <summary>
    /// The export without its own timestamp, which differs between runs, and with each member's updated-at dropped:
    /// an import records its own time as the moment the setting was made.
    /// </summary>
    private static string Content(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var members = root.GetProperty("members").EnumerateArray().Select(m => new { person = m.GetProperty("person"), dms = m.GetProperty("reminderDirectMessages") }).ToList();
        return JsonSerializer.Serialize(new { stories = root.GetProperty("stories"), events = root.GetProperty("events"), members, deliveries = root.GetProperty("deliveries") });
    }
}

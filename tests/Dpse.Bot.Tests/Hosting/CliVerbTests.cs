using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dpse.Core.Stories;
using Dpse.Storage.LiteDb.Stories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dpse.Bot.Tests.Hosting;

public sealed class CliVerbTests
{
    [Fact]
    public async Task Seed_Twice_LoadsTheSamplesOnce()
    {
        using var run = new BotRun();

        var first = await run.RunAsync(["seed"]);
        var second = await run.RunAsync(["seed"]);
        var list = await run.RunAsync([], "story list\n");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Loaded 12 sample stories.", first.Output);
        Assert.Contains("already loaded; nothing changed", second.Output);
        Assert.Contains("12 stories", list.Output);
    }

    [Fact]
    public async Task Seed_StoppedHalfWay_TheNextRunLoadsTheRest()
    {
        using var run = new BotRun();

        // The disk fills up after five samples: as a kill would, it stops the run between two stories.
        var stopped = await run.RunAsync(["seed"], overrides: services => services.Replace(ServiceDescriptor.Singleton<IStoryStore>(
            sp => FailingAfter.Wrap<IStoryStore>(sp.GetRequiredService<LiteDbStoryStore>(), nameof(IStoryStore.AddAsync), 5))));
        var again = await run.RunAsync(["seed"]);
        var list = await run.RunAsync([], "story list\n");

        Assert.True(stopped.ExitCode == 5, stopped.Error);
        Assert.StartsWith("A file or disk error stopped Dpse.Bot: No space left on device", stopped.Error);
        Assert.Single(stopped.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("Loaded the 7 sample stories that were missing (5 were already loaded).", again.Output);
        Assert.Contains("12 stories", list.Output);
    }

    [Fact]
    public async Task ExportThenImport_IntoAnEmptyFile_RoundTripsEveryStoryAndEvent()
    {
        using var source = new BotRun();
        await source.RunAsync(["seed"]);
        await source.RunAsync([], """
            event add title:"Open Councils" start:"2027-01-14 14:00" tz:Europe/London duration:90m reminders:48h,2h
            event rsvp E-1 interested
            story celebrate S-3
            """, user: "carol");
        var exportPath = Path.Combine(source.Folder, "export.json");
        var exported = await source.RunAsync(["export", exportPath]);
        Assert.Equal(0, exported.ExitCode);

        using var target = new BotRun();
        var imported = await target.RunAsync(["import", exportPath]);
        var reexportPath = Path.Combine(target.Folder, "again.json");
        await target.RunAsync(["export", reexportPath]);

        Assert.Equal(0, imported.ExitCode);
        Assert.Contains("Imported 12 stories and 1 event from", imported.Output);
        Assert.Equal(Content(exportPath), Content(reexportPath));
    }

    [Fact]
    public async Task ExportThenImport_MemberSettingsAndTheOutbox_AreCarriedAndAnImportAgainDoublesNothing()
    {
        using var source = new BotRun();
        var dm = await source.RunAsync([], "reminders on dm\n", user: "carol");
        await source.RunAsync([], "digest subscribe day:monday time:09:00 tz:Europe/London\n", user: "mod", moderator: true);
        var exportPath = Path.Combine(source.Folder, "export.json");
        Assert.Equal(0, (await source.RunAsync(["export", exportPath])).ExitCode);

        // A shell run is too short to send anything, so the outbox is written into the file: a digest already sent
        // (a move must not post it again) and a reminder whose attempt may have posted (the new store reconciles it).
        var withOutbox = Path.Combine(source.Folder, "with-outbox.json");
        var document = JsonNode.Parse(File.ReadAllText(exportPath))!;
        document["deliveries"] = JsonNode.Parse(OutboxJson);
        await File.WriteAllTextAsync(withOutbox, document.ToJsonString(), TestContext.Current.CancellationToken);

        using var target = new BotRun();
        var imported = await target.RunAsync(["import", withOutbox]);
        var again = await target.RunAsync(["import", withOutbox]);
        var reexportPath = Path.Combine(target.Folder, "again.json");
        Assert.Equal(0, (await target.RunAsync(["export", reexportPath])).ExitCode);

        Assert.Contains("You will get a direct message before events", dm.Output);
        Assert.Equal((0, 0), (imported.ExitCode, again.ExitCode));
        Assert.Contains("with the settings of 1 channel and 1 member, and 2 delivery records.", imported.Output);
        Assert.Contains("and 0 delivery records (2 already here were kept).", again.Output);
        using var reexported = JsonDocument.Parse(File.ReadAllText(reexportPath));
        var member = Assert.Single(reexported.RootElement.GetProperty("members").EnumerateArray());
        Assert.Equal(("carol", true), (member.GetProperty("person").GetProperty("userId").GetString(), member.GetProperty("reminderDirectMessages").GetBoolean()));
        Assert.Equal(Normalized(JsonNode.Parse(OutboxJson)!), Normalized(JsonNode.Parse(reexported.RootElement.GetProperty("deliveries").GetRawText())!));
    }

    [Fact]
    public async Task Import_TwoDeliveriesWithOneKey_ChangesNothing()
    {
        using var run = new BotRun();
        var path = Path.Combine(run.Folder, "twice.json");
        var outbox = JsonNode.Parse(OutboxJson)!.AsArray();
        outbox[1]!["key"] = outbox[0]!["key"]!.GetValue<string>();
        await File.WriteAllTextAsync(path, $$"""{"formatVersion":1,"stories":[],"events":[],"members":[{"person":{"platform":"shell","workspace":"local","userId":"dee"},"reminderDirectMessages":true,"updatedAt":"2026-01-01T00:00:00Z"}],"deliveries":{{outbox.ToJsonString()}}}""", TestContext.Current.CancellationToken);

        var result = await run.RunAsync(["import", path]);
        var exported = await run.RunAsync(["export"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("deliveries[2]: the key 'digest|shell:local:terminal|2026-11-30T09:00:00Z' is used twice", result.Error);
        Assert.Contains("\"members\": []", exported.Output);
        Assert.Contains("\"deliveries\": []", exported.Output);
    }

    /// <summary>A sent digest to the terminal's channel and a DM reminder with an attempt of unknown outcome.</summary>
    internal const string OutboxJson = """
        [
          {"key":"digest|shell:local:terminal|2026-11-30T09:00:00Z","kind":"digest","subject":"digest:shell:local:terminal",
           "target":{"to":"channel","channel":{"platform":"shell","workspace":"local","channelId":"terminal"}},
           "dueAt":"2026-11-30T09:00:00+00:00","periodStart":"2026-11-23T09:00:00+00:00","periodEnd":"2026-11-30T09:00:00+00:00",
           "status":"sent","attempts":1,"messageId":"shell-1","late":false,
           "createdAt":"2026-11-30T09:00:00+00:00","updatedAt":"2026-11-30T09:00:01+00:00"},
          {"key":"reminder|E-1|dm:shell:local:carol|01:00:00","kind":"reminder","subject":"E-1",
           "target":{"to":"person","person":{"platform":"shell","workspace":"local","userId":"carol"}},
           "dueAt":"2027-01-14T13:00:00+00:00","eventNumber":1,"eventStart":"2027-01-14T14:00:00+00:00","offset":"01:00:00",
           "status":"pending","attempts":1,"nextAttemptAt":"2027-01-14T13:00:30+00:00","attemptStartedAt":"2027-01-14T13:00:00+00:00",
           "error":"timeout","late":false,"createdAt":"2027-01-14T13:00:00+00:00","updatedAt":"2027-01-14T13:00:05+00:00"}
        ]
        """;

    /// <summary>The records as the serializer writes them, so spelling of times and field order do not matter.</summary>
    private static string Normalized(JsonNode records) =>
        JsonSerializer.Serialize(JsonSerializer.Deserialize<List<Dpse.Core.Deliveries.DeliveryRecord>>(records.ToJsonString(), Dpse.Core.Exporting.ExchangeJson.Options), Dpse.Core.Exporting.ExchangeJson.Options);

    [Fact]
    public async Task Import_MalformedFile_ChangesNothing()
    {
        using var run = new BotRun();
        var path = Path.Combine(run.Folder, "bad.json");
        await File.WriteAllTextAsync(path, "{ \"stories\": [ { \"title\": 3 ", TestContext.Current.CancellationToken);

        var result = await run.RunAsync(["import", path]);
        var list = await run.RunAsync([], "story list\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Nothing was imported.", result.Error);
        Assert.Contains("No stories yet.", list.Output);
    }

    [Fact]
    public async Task Import_StoryWithoutNumber_ChangesNothing()
    {
        using var run = new BotRun();
        var path = Path.Combine(run.Folder, "unnumbered.json");
        await File.WriteAllTextAsync(path, """
            {"formatVersion":1,"stories":[{"outcome":"success","title":"T","summary":"S","author":{"platform":"shell","workspace":"local","userId":"x"},
              "authorName":"x","createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}],"events":[]}
            """, TestContext.Current.CancellationToken);

        var result = await run.RunAsync(["import", path]);
        var list = await run.RunAsync([], "story list\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("a story number: 0 is not a number from 1 to", result.Error);
        Assert.Contains("No stories yet.", list.Output);
    }

    /// <summary>The export without its own timestamp, which differs between the two runs.</summary>
    private static string Content(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return JsonSerializer.Serialize(new { stories = document.RootElement.GetProperty("stories"), events = document.RootElement.GetProperty("events") });
    }

    /// <summary>Forwards every call of an interface, but throws a disk-full error once one method was called <c>n</c> times.</summary>
    public class FailingAfter : DispatchProxy
    {
        private object _inner = null!;
        private string _method = "";
        private int _left;

        public static T Wrap<T>(T inner, string method, int calls)
            where T : class
        {
            var proxy = Create<T, FailingAfter>();
            var failing = (FailingAfter)(object)proxy;
            (failing._inner, failing._method, failing._left) = (inner, method, calls);
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == _method && Interlocked.Decrement(ref _left) < 0)
            {
                throw new IOException("No space left on device");
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}

using System.Reflection;
using System.Text.Json;
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

using System.Text.Json;

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
}

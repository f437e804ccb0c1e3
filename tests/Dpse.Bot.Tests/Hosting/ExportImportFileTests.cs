using System.Text;
using Dpse.Bot.Cli;

namespace Dpse.Bot.Tests.Hosting;

/// <summary>The export and import verbs against real files: never the data file, never a stack trace, never a half-written file.</summary>
public sealed class ExportImportFileTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("data")]
    [InlineData("log")]
    [InlineData("dotdot")]
    [InlineData("symlink")]
    [InlineData("symlinked-folder")]
    public async Task Export_OverTheDataFileOrItsLog_IsRefusedAndChangesNothing(string how)
    {
        using var run = new BotRun();
        await run.RunAsync(["seed"]);
        var folder = Path.GetDirectoryName(run.DataPath)!;
        var log = Path.Combine(folder, "dpse-log.db");
        await File.WriteAllBytesAsync(log, [], Ct); // an empty log, as after a checkpoint
        var target = how switch
        {
            "data" => run.DataPath,
            "log" => log,
            "dotdot" => Path.Combine(folder, "..", "data", ".", "dpse.db"),
            "symlink" => Link(Path.Combine(run.Folder, "innocent.json"), run.DataPath),
            _ => Path.Combine(LinkFolder(Path.Combine(run.Folder, "elsewhere"), folder), "dpse.db"),
        };
        var before = await File.ReadAllBytesAsync(run.DataPath, Ct);

        var result = await run.RunAsync(["export", target]);

        Assert.Equal(FileProblem.UsageExitCode, result.ExitCode);
        Assert.Equal($"export: {target} is the live data file or its log; writing there would destroy the data. Choose another file, e.g. dpse-export.json. Nothing was written.", result.Error.TrimEnd());
        Assert.Equal(before, await File.ReadAllBytesAsync(run.DataPath, Ct));
        Assert.True(!File.Exists(log) || new FileInfo(log).Length == 0, "the log must not be written");
        Assert.Contains("12 stories", (await run.RunAsync([], "story list\n")).Output);
    }

    [Fact]
    public async Task Export_IntoAMissingFolder_SaysSoInOneLineWithExitCode5()
    {
        using var run = new BotRun();
        var target = Path.Combine(run.Folder, "no-such-folder", "out.json");

        var result = await run.RunAsync(["export", target]);

        Assert.Equal(FileProblem.IoExitCode, result.ExitCode);
        Assert.Equal($"export: The folder {Path.GetDirectoryName(target)} does not exist: create it first or choose another path.", result.Error.TrimEnd());
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task Export_ToAFolder_AsksForAFileNameWithExitCode2()
    {
        using var run = new BotRun();

        var result = await run.RunAsync(["export", run.Folder]);

        Assert.Equal(FileProblem.UsageExitCode, result.ExitCode);
        Assert.Equal($"export: {run.Folder} is a folder: give a file name, e.g. {Path.Combine(run.Folder, "dpse-export.json")}.", result.Error.TrimEnd());
    }

    [Fact]
    public async Task Export_ToAPlaceNobodyCanWrite_SaysSoInOneLineWithExitCode5()
    {
        Assert.SkipUnless(Directory.Exists("/proc/self"), "needs /proc, which refuses new files even to root");
        using var run = new BotRun();

        var result = await run.RunAsync(["export", "/proc/dpse-export.json"]);

        Assert.Equal(FileProblem.IoExitCode, result.ExitCode);
        Assert.StartsWith("export: Cannot write /proc/dpse-export.json", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SafeFileWriter_DiskFullHalfWay_KeepsTheOldFileAndLeavesNoTemporaryFile()
    {
        var folder = Directory.CreateTempSubdirectory("dpse-safe-").FullName;
        try
        {
            var target = Path.Combine(folder, "export.json");
            await File.WriteAllTextAsync(target, "the previous export", Ct);

            var (path, problem) = await SafeFileWriter.WriteAsync(target, async (stream, ct) =>
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes("{\"stories\":["), ct);
                throw new IOException("No space left on device", 28); // ENOSPC, as .NET reports it on Linux
            }, createNew: false, Ct);

            Assert.Null(path);
            Assert.Equal(FileProblem.IoExitCode, problem!.ExitCode);
            Assert.Equal($"The disk is full while writing {target}: free some space or choose another disk. Nothing was written.", problem.Message);
            Assert.Equal("the previous export", await File.ReadAllTextAsync(target, Ct));
            Assert.Equal([target], Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task SafeFileWriter_CreateNewTwiceWithOneName_KeepsBothFiles()
    {
        var folder = Directory.CreateTempSubdirectory("dpse-safe-").FullName;
        try
        {
            var target = Path.Combine(folder, "dpse-export-20261126-1000.json");
            var first = await SafeFileWriter.WriteAsync(target, (s, ct) => s.WriteAsync("first"u8.ToArray(), ct).AsTask(), createNew: true, Ct);
            var second = await SafeFileWriter.WriteAsync(target, (s, ct) => s.WriteAsync("second"u8.ToArray(), ct).AsTask(), createNew: true, Ct);

            Assert.Equal(target, first.Path);
            Assert.Equal(Path.Combine(folder, "dpse-export-20261126-1000-2.json"), second.Path);
            Assert.Equal("first", await File.ReadAllTextAsync(first.Path!, Ct));
            Assert.Equal("second", await File.ReadAllTextAsync(second.Path!, Ct));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Import_DevZero_IsRefusedInOneLine()
    {
        Assert.SkipUnless(File.Exists("/dev/zero"), "needs /dev/zero");
        using var run = new BotRun();

        var result = await run.RunAsync(["import", "/dev/zero"]);

        Assert.Equal(CliRunner.RefusedExitCode, result.ExitCode);
        Assert.StartsWith("import: The file is not a Dpse export: ", result.Error, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was imported.", result.Error.TrimEnd(), StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.DoesNotContain('\0', result.Error);
    }

    [Fact]
    public async Task Import_AFolderOrTheDataFile_IsRefusedWithExitCode2()
    {
        using var run = new BotRun();
        await run.RunAsync(["seed"]);

        var folder = await run.RunAsync(["import", run.Folder]);
        var data = await run.RunAsync(["import", run.DataPath]);

        Assert.Equal((2, 2), (folder.ExitCode, data.ExitCode));
        Assert.Contains("is a folder", folder.Error, StringComparison.Ordinal);
        Assert.Contains("is the live data file or its log", data.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_ADocumentOver16MB_IsRefusedWithTheFieldAndChangesNothing()
    {
        using var run = new BotRun();
        var path = Path.Combine(run.Folder, "huge.json");
        var title = new string('x', 17 * 1024 * 1024);
        await File.WriteAllTextAsync(path, Export(Story(1, title: title)), Ct);

        var result = await run.RunAsync(["import", path]);

        Assert.Equal(CliRunner.RefusedExitCode, result.ExitCode);
        Assert.Equal(
            $"import: {path} has 1 problem; nothing was imported. Fix them and import again:\n  S-1 title: is too long ({title.Length} characters; at most 120)",
            result.Error.TrimEnd().ReplaceLineEndings("\n"));
        Assert.Contains("No stories yet.", (await run.RunAsync([], "story list\n")).Output);
    }

    [Fact]
    public async Task Import_ChecksEveryFieldAsCommandsDo_AndImportsNothingWhenAnyIsWrong()
    {
        using var run = new BotRun();
        var path = Path.Combine(run.Folder, "bad.json");
        await File.WriteAllTextAsync(path, Export(
            [
                Story(1, title: new string('t', 100_000)),
                Story(2, links: "\"javascript:alert(1)\""),
                Story(2),
                Story(2),
                Story(3, links: "\"https://gov.uk@evil.example\""),
                Story(4, title: "Fine \u202Egnp.exe"),
                Story(5),
            ],
            [Event(1, "../../etc/passwd")]), Ct);

        var result = await run.RunAsync(["import", path]);

        Assert.Equal(CliRunner.RefusedExitCode, result.ExitCode);
        var lines = result.Error.TrimEnd().ReplaceLineEndings("\n").Split('\n');
        Assert.Equal($"import: {path} has 6 problems; nothing was imported. Fix them and import again:", lines[0]);
        Assert.Equal("  S-2 number: S-2 appears more than once in the file", lines[1]);
        Assert.Equal("  S-1 title: is too long (100000 characters; at most 120)", lines[2]);
        Assert.Equal("  S-2 links: 'javascript:alert(1)' is not an http or https link", lines[3]);
        Assert.StartsWith("  S-3 links: 'https://gov.uk@evil.example' has a user name or password before the host", lines[4], StringComparison.Ordinal);
        Assert.StartsWith("  S-4 title: contains a right-to-left/left-to-right control (U+202E)", lines[5], StringComparison.Ordinal);
        Assert.Equal("  E-1 tz: '../../etc/passwd' is not an IANA time zone: use e.g. Europe/London or America/New_York", lines[6]);
        Assert.Contains("No stories yet.", (await run.RunAsync([], "story list\n")).Output);
    }

    [Fact]
    public async Task Export_WithoutAFile_StreamsTheJsonToStandardOutput()
    {
        using var run = new BotRun();
        await run.RunAsync(["seed"]);

        var result = await run.RunAsync(["export"]);

        Assert.Equal(0, result.ExitCode);
        using var document = System.Text.Json.JsonDocument.Parse(result.Output);
        Assert.Equal(12, document.RootElement.GetProperty("stories").GetArrayLength());
    }

    private static string Story(int number, string title = "A title", string links = "") =>
        $$"""
        {"number":{{number}},"outcome":"success","title":"{{title}}","summary":"S","links":[{{links}}],
         "author":{"platform":"shell","workspace":"local","userId":"x"},"authorName":"x","createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}
        """;

    private static string Event(int number, string zone) =>
        $$"""
        {"number":{{number}},"title":"Meetup","startUtc":"2027-01-14T14:00:00Z","localStart":"2027-01-14T14:00","timeZone":"{{zone}}",
         "organiser":{"platform":"shell","workspace":"local","userId":"x"},"organiserName":"x","createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}
        """;

    private static string Export(string story) => Export([story], []);

    private static string Export(string[] stories, string[] events) =>
        $$"""{"formatVersion":1,"stories":[{{string.Join(',', stories)}}],"events":[{{string.Join(',', events)}}]}""";

    private static string Link(string path, string target)
    {
        File.CreateSymbolicLink(path, target);
        return path;
    }

    private static string LinkFolder(string path, string target)
    {
        Directory.CreateSymbolicLink(path, target);
        return path;
    }

    [Fact]
    public async Task Shell_TwoPeoplesMeExportsAndTwoModExports_AreFourFiles()
    {
        using var run = new BotRun();
        await run.RunAsync([], "story share outcome:success title:Mine summary:S\nme export\n", user: "alice");
        await run.RunAsync([], "me export\n", user: "bob");
        var mod = await run.RunAsync([], "mod export\nmod export\n", user: "mona", moderator: true);

        var files = Directory.GetFiles(Path.Combine(Path.GetDirectoryName(run.DataPath)!, "exports"));

        Assert.Equal(4, files.Length);
        Assert.Equal(2, files.Count(f => Path.GetFileName(f).StartsWith("dpse-me-", StringComparison.Ordinal)));
        Assert.Contains("Mine", files.Select(f => File.ReadAllText(f)).Single(t => t.Contains("\"storiesAuthored\": [\n    {", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(mod.Output, "Saved dpse-export-").Count);
    }
}

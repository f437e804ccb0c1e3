using Dpse.Storage.LiteDb;

namespace Dpse.Bot.Tests.Hosting;

public sealed class StartupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_BadTimeZoneSetting_StopsWithMessageNamingTheKey()
    {
        using var run = new BotRun();

        var result = await run.RunAsync([], "help\n", extra: new Dictionary<string, string?> { ["Dpse:Exchange:DefaultTimeZone"] = "Mars/Olympus" });

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("Dpse:Exchange:DefaultTimeZone 'Mars/Olympus' is not an IANA time zone", result.Error);
        Assert.DoesNotContain("Drupal Public Sector Exchange", result.Output);
    }

    [Fact]
    public async Task Run_UnconvertibleSetting_StopsWithMessageNamingTheKey()
    {
        using var run = new BotRun();

        var result = await run.RunAsync([], "help\n", extra: new Dictionary<string, string?> { ["Dpse:Exchange:DigestDay"] = "Funday" });

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("Dpse:Exchange:DigestDay", result.Error);
        AssertOneLine(result.Error);
    }

    [Fact]
    public async Task Run_EmptyShellUser_NamesTheKeyTheVariableAndWhatToPut()
    {
        using var run = new BotRun();

        var result = await run.RunAsync([], "help\n", extra: new Dictionary<string, string?> { ["Dpse:Shell:User"] = "" });

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(
            "Configuration error: Dpse:Shell:User is empty: set Dpse__Shell__User to a value such as you, or unset it to use you.",
            result.Error.Trim());
        Assert.DoesNotContain("field is required", result.Error);
    }

    [Fact]
    public async Task Run_InstanceTimeToLiveBelowTwoBeats_StopsNamingTheKey()
    {
        using var run = new BotRun();

        var result = await run.RunAsync([], "help\n", extra: new Dictionary<string, string?>
        {
            ["Dpse:Storage:Instances:HeartbeatInterval"] = "00:00:10",
            ["Dpse:Storage:Instances:TimeToLive"] = "00:00:15",
        });

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("Dpse:Storage:Instances:TimeToLive must be at least twice Dpse:Storage:Instances:HeartbeatInterval", result.Error);
        AssertOneLine(result.Error);
    }

    [Fact]
    public async Task Run_HttpKnownProxyNotAnAddress_StopsNamingTheKeyTheVariableAndTheValue()
    {
        using var run = new BotRun();

        var result = await run.RunAsync([], "help\n", extra: new Dictionary<string, string?>
        {
            ["Dpse:Http:Enabled"] = "true",
            ["Dpse:Http:Urls"] = "http://127.0.0.1:0",
            ["Dpse:Http:KnownProxies:0"] = "proxy.example.org",
        });

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(
            "Configuration error: Dpse:Http:KnownProxies must hold IP addresses; 'proxy.example.org' is not one. (environment variable Dpse__Http__KnownProxies)",
            result.Error.Trim());
    }

    [Fact]
    public async Task Run_EmptyDataPath_NamesTheKey()
    {
        using var run = new BotRun();

        var result = await run.RunAsync(["seed"], extra: new Dictionary<string, string?> { ["Dpse:Storage:LiteDb:Path"] = "" });

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("Configuration error: Dpse:Storage:LiteDb:Path is empty: set Dpse__Storage__LiteDb__Path", result.Error);
        AssertOneLine(result.Error);
    }

    [Fact]
    public async Task Run_UnknownVerb_PrintsUsageAndFails()
    {
        using var run = new BotRun();

        var result = await run.RunAsync(["frobnicate"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown verb 'frobnicate'.", result.Error);
        Assert.Contains("import FILE", result.Error);
    }

    [Fact]
    public async Task Run_DataFileInUse_OneLineExit4()
    {
        using var run = new BotRun();
        using var held = new LiteDbDatabase(run.DataPath);

        var result = await run.RunAsync([], "story list\n");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("is in use by another Dpse.Bot process", result.Error);
        AssertOneLine(result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Run_ForeignLog_OneLineExit4AndBothFilesUntouched()
    {
        using var run = new BotRun();
        Directory.CreateDirectory(Path.GetDirectoryName(run.DataPath)!);
        var log = LogPath(run.DataPath);
        await File.WriteAllBytesAsync(log, new byte[8192], Ct);

        var result = await run.RunAsync(["seed"]);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("dpse-log.db", result.Error);
        AssertOneLine(result.Error);
        Assert.False(File.Exists(run.DataPath));
        Assert.Equal(new byte[8192], await File.ReadAllBytesAsync(log, Ct));
    }

    [Theory]
    [InlineData("notes.txt", "remember the milk\n")]
    [InlineData("backup.json", "{\"formatVersion\":1,\"stories\":[],\"events\":[]}")]
    public async Task Run_DataPathIsATextFile_RefusedAndLeftUntouched(string name, string content)
    {
        using var run = new BotRun();
        var path = Path.Combine(run.Folder, name);
        await File.WriteAllTextAsync(path, content, Ct);

        foreach (var args in new[] { Array.Empty<string>(), ["seed"], ["export"] })
        {
            var result = await run.RunAsync(args, "story list\n", extra: new Dictionary<string, string?> { ["Dpse:Storage:LiteDb:Path"] = path });

            Assert.Equal(4, result.ExitCode);
            Assert.Contains($"{path} is not a Dpse.Bot data file", result.Error);
            AssertOneLine(result.Error);
        }

        Assert.Equal(content, await File.ReadAllTextAsync(path, Ct));
        Assert.False(File.Exists(LogPath(path)));
    }

    [Fact]
    public async Task Run_DataPathDevNull_RefusedInOneLine()
    {
        Assert.SkipUnless(File.Exists("/dev/null"), "needs /dev/null");
        using var run = new BotRun();

        var result = await run.RunAsync(["seed"], extra: new Dictionary<string, string?> { ["Dpse:Storage:LiteDb:Path"] = "/dev/null" });

        Assert.Equal(4, result.ExitCode);
        Assert.StartsWith("/dev/null is empty", result.Error);
        AssertOneLine(result.Error);
    }

    [Fact]
    public async Task Run_DataPathUnderAFile_OneLineExit5()
    {
        using var run = new BotRun();
        var file = Path.Combine(run.Folder, "plain.txt");
        await File.WriteAllTextAsync(file, "x", Ct);

        var result = await run.RunAsync(["seed"], extra: new Dictionary<string, string?> { ["Dpse:Storage:LiteDb:Path"] = Path.Combine(file, "dpse.db") });

        Assert.Equal(5, result.ExitCode);
        Assert.Contains($"{file} is a file, not a folder", result.Error);
        Assert.Contains("Dpse__Storage__LiteDb__Path", result.Error);
        AssertOneLine(result.Error);
    }

    [Fact]
    public async Task Run_DataPathInAFolderNobodyCanCreate_OneLineExit5()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && Directory.Exists("/proc/self"), "needs Linux's /proc, where even root cannot create folders");
        using var run = new BotRun();

        var result = await run.RunAsync(["seed"], extra: new Dictionary<string, string?> { ["Dpse:Storage:LiteDb:Path"] = "/proc/dpse-tests/data/dpse.db" });

        Assert.Equal(5, result.ExitCode);
        Assert.StartsWith("Cannot create the folder /proc/dpse-tests/data", result.Error);
        AssertOneLine(result.Error);
    }

    [Fact]
    public async Task Process_StartupRefusal_PrintsOnlyTheOneLineOnStandardError()
    {
        Assert.SkipUnless(BotProcess.Available, "needs Linux and the Dpse.Bot apphost beside the tests");
        using var run = new BotRun();
        var environment = new Dictionary<string, string> { ["Dpse__Storage__LiteDb__Path"] = run.DataPath, ["Dpse__Shell__User"] = "" };

        using var bot = BotProcess.Start(run.Folder, environment);
        bot.CloseInput();
        var code = await bot.WaitForExitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(3, code);
        Assert.Equal(
            "Configuration error: Dpse:Shell:User is empty: set Dpse__Shell__User to a value such as you, or unset it to use you.",
            bot.Error.Trim());
        Assert.DoesNotContain("Hosting failed to start", bot.Error);
    }

    private static string LogPath(string dataPath) =>
        Path.Combine(Path.GetDirectoryName(dataPath)!, Path.GetFileNameWithoutExtension(dataPath) + "-log" + Path.GetExtension(dataPath));

    private static void AssertOneLine(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got:\n{error}");
        Assert.DoesNotContain("   at ", error);
    }
}

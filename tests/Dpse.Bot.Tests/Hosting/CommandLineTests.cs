using Dpse.Bot.Cli;

namespace Dpse.Bot.Tests.Hosting;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("Unknown option '--hlep'", "--hlep")]
    [InlineData("Unknown option '-x'", "-x")]
    [InlineData("Unknown option '--Dpse:Shell:User'", "--Dpse:Shell:User", "sam")]
    [InlineData("The verb 'seed' must come first", "--Dpse:Shell:User=sam", "seed")]
    [InlineData("The verb 'export' must come first", "--Dpse:Shell:User=sam", "export", "out.json")]
    [InlineData("Unexpected argument 'now' after seed", "seed", "now")]
    [InlineData("Unexpected argument 'b.json' after export a.json", "export", "a.json", "b.json")]
    [InlineData("Unknown verb 'story'", "story", "list")]
    [InlineData("Unknown verb 'story'", "story")]
    [InlineData("Unexpected argument 'extra' after import a.json", "import", "a.json", "extra")]
    [InlineData("Unknown option '--=x'", "--=x")]
    public async Task Run_MalformedCommandLine_RefusedWithOneLineAndUsageExit2(string expected, params string[] args)
    {
        using var run = new BotRun();

        var result = await run.RunAsync(args, "story share outcome:success title:T summary:S\n");

        Assert.Equal(2, result.ExitCode);
        var lines = result.Error.Split('\n');
        Assert.StartsWith(expected, lines[0]);
        Assert.Contains("Usage: Dpse.Bot [verb]", result.Error);
        Assert.Equal("", result.Output);
        Assert.False(Directory.Exists(Path.GetDirectoryName(run.DataPath)), "the bot must not have started");
    }

    [Fact]
    public void Parse_VerbFileAndSettings_KeepsTheSettingsForTheHost()
    {
        var (command, error) = CliCommand.Parse(["export", "out.json", "--Dpse:Storage:LiteDb:Path=data/x.db", "--Logging:LogLevel:Default=Debug"]);

        Assert.Null(error);
        Assert.Equal(new CliVerb?(CliVerb.Export), command?.Verb);
        Assert.Equal("out.json", command!.File);
        Assert.Equal(["--Dpse:Storage:LiteDb:Path=data/x.db", "--Logging:LogLevel:Default=Debug"], command.HostArgs);
    }

    [Fact]
    public async Task Run_SettingOnTheCommandLine_IsUsed()
    {
        using var run = new BotRun();

        var result = await run.RunAsync(["--Dpse:Shell:DisplayName=Sam Jones"], "story share outcome:success title:\"Forms\" summary:\"Done.\"\nstory show S-1\n");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Sam Jones", result.Output);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    [InlineData("-h")]
    public async Task Run_Help_PrintsUsageAndTheExitCodes(string arg)
    {
        using var run = new BotRun();

        var result = await run.RunAsync([arg]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage: Dpse.Bot [verb]", result.Output);
        Assert.Contains("Exit codes: 0 done, 1 a command failed, 2 usage, 3 configuration, 4 data file refused, 5 disk or file error.", result.Output);
    }
}

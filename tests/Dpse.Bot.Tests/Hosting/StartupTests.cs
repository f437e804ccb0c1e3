namespace Dpse.Bot.Tests.Hosting;

public sealed class StartupTests
{
    [Fact]
    public async Task Run_BadTimeZoneSetting_StopsWithMessageNamingTheKey()
    {
        using var run = new BotRun();

        var result = await run.RunAsync([], "help\n", extra: new Dictionary<string, string?> { ["Dpse:Exchange:DefaultTimeZone"] = "Mars/Olympus" });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Dpse:Exchange:DefaultTimeZone 'Mars/Olympus' is not an IANA time zone", result.Error);
        Assert.DoesNotContain("Drupal Public Sector Exchange", result.Output);
    }

    [Fact]
    public async Task Run_UnconvertibleSetting_StopsWithMessageNamingTheKey()
    {
        using var run = new BotRun();

        var result = await run.RunAsync([], "help\n", extra: new Dictionary<string, string?> { ["Dpse:Exchange:DigestDay"] = "Funday" });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Dpse:Exchange:DigestDay", result.Error);
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
}

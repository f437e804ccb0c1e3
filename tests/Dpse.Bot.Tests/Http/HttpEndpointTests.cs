using System.Net;
using System.Text.Json.Nodes;
using Dpse.Bot.Cli;
using Dpse.Bot.Hosting;
using Dpse.Bot.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Bot.Tests.Http;

public sealed class HttpEndpointTests
{
    /// <summary>RFC 8032 §7.1 test 1 public key: any valid key will do for start-up.</summary>
    private const string PublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    private static Dictionary<string, string?> Slack(PlatformStub stub) => new()
    {
        ["Dpse:Slack:Enabled"] = "true",
        ["Dpse:Slack:Mode"] = "Http",
        ["Dpse:Slack:BotToken"] = "xoxb-test",
        ["Dpse:Slack:SigningSecret"] = "test-signing-secret",
        ["Dpse:Slack:ApiBaseUrl"] = stub.SlackApiUrl,
    };

    private static Dictionary<string, string?> SlackAndDiscord(PlatformStub stub)
    {
        var settings = Slack(stub);
        settings["Dpse:Discord:Enabled"] = "true";
        settings["Dpse:Discord:Interactions"] = "Http";
        settings["Dpse:Discord:Token"] = "discord-test-token";
        settings["Dpse:Discord:ApplicationId"] = "352205866889641984";
        settings["Dpse:Discord:PublicKey"] = PublicKey;
        settings["Dpse:Discord:ApiBaseUrl"] = stub.DiscordApiUrl;
        return settings;
    }

    [Fact]
    public void Build_HttpDisabled_NothingListens()
    {
        using var run = new BotRun();
        var console = new Dpse.Bot.Shell.ShellConsole(new StringReader(""), new StringWriter(), interactive: false);
        using var host = BotHost.Build([], console, runAdapters: true, settings: new Dictionary<string, string?> { ["Dpse:Storage:LiteDb:Path"] = run.DataPath });

        Assert.IsType<NoHttpServer>(host.Services.GetRequiredService<IServer>());
    }

    [Fact]
    public async Task Probes_AdapterAnswering_HealthyAndReady()
    {
        await using var stub = await PlatformStub.StartAsync();
        await using var bot = await HttpBot.StartAsync(SlackAndDiscord(stub));

        var health = await bot.Client.GetAsync("/healthz", TestContext.Current.CancellationToken);
        var (status, body) = await bot.PollAsync("/readyz", (s, _) => s == 200);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(200, status);
        var json = JsonNode.Parse(body)!;
        Assert.True(json["ready"]!.GetValue<bool>());
        Assert.Equal("ok", json["store"]!.GetValue<string>());
        Assert.Equal("connected", json["adapters"]!["slack"]!.GetValue<string>());
        Assert.Equal("connected", json["adapters"]!["discord"]!.GetValue<string>());
    }

    [Fact]
    public async Task Readyz_OneOfTwoAdaptersStops_503NamingItWhileTheOtherKeepsServing()
    {
        await using var stub = await PlatformStub.StartAsync(slackTokenGood: false);
        await using var bot = await HttpBot.StartAsync(SlackAndDiscord(stub));

        var (status, body) = await bot.PollAsync("/readyz", (_, b) => b.Contains("\"slack\":\"stopped\"", StringComparison.Ordinal) && b.Contains("\"discord\":\"connected\"", StringComparison.Ordinal));
        var health = await bot.Client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(503, status);
        var json = JsonNode.Parse(body)!;
        Assert.False(json["ready"]!.GetValue<bool>());
        var notReady = Assert.Single(json["notReady"]!.AsArray());
        Assert.StartsWith("slack: stopped (Slack rejected the bot token", notReady!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("xoxb-test", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.False(bot.Host.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        Assert.Contains(bot.Logs.Lines, l => l.Level == LogLevel.Critical && l.Message.Contains("Slack rejected the bot token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HealthCheckVerb_ProbesTheRunningBot_ExitCodeFollowsReadiness()
    {
        await using var stub = await PlatformStub.StartAsync(slackTokenGood: false);
        await using var bot = await HttpBot.StartAsync(SlackAndDiscord(stub));
        await bot.PollAsync("/readyz", (_, b) => b.Contains("\"slack\":\"stopped\"", StringComparison.Ordinal) && b.Contains("\"discord\":\"connected\"", StringComparison.Ordinal));
        using var run = new BotRun();
        var probe = new Dictionary<string, string?> { ["Dpse:Http:Enabled"] = "true", ["Dpse:Http:Urls"] = bot.Client.BaseAddress!.ToString().Replace("127.0.0.1", "0.0.0.0", StringComparison.Ordinal) };

        var ready = await run.RunAsync(["healthcheck"], extra: probe);
        var alive = await run.RunAsync(["healthcheck", "/healthz"], extra: probe);

        Assert.Equal(1, ready.ExitCode);
        Assert.Contains("healthcheck: 503", ready.Error, StringComparison.Ordinal);
        Assert.Contains("slack: stopped", ready.Error, StringComparison.Ordinal);
        Assert.Equal(0, alive.ExitCode);
        Assert.Contains("healthcheck: 200 ok", alive.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthCheckVerb_NothingListening_Exits1()
    {
        using var run = new BotRun();
        using var nothingListens = new RefusingPort();

        var result = await run.RunAsync(["healthcheck"], extra: new Dictionary<string, string?> { ["Dpse:Http:Enabled"] = "true", ["Dpse:Http:Urls"] = $"http://127.0.0.1:{nothingListens.Port}" });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("did not answer", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthCheckVerb_EndpointNeverAnswers_GivesUpAtItsTimeoutOnTheGivenClock()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start(); // takes the connection and never answers
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var time = new TimerRecordingClock();
        var error = new StringWriter();
        var settings = new Dictionary<string, string?> { ["Dpse:Http:Enabled"] = "true", ["Dpse:Http:Urls"] = $"http://127.0.0.1:{port}" };

        var probe = HealthCheckVerb.RunAsync(null, [], TextWriter.Null, error, settings, time);
        using var accepted = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        var armed = time.DueTimes;
        time.Advance(TimeSpan.FromSeconds(5));

        // The probe's 5 s limit runs on the given clock (a wall-clock bound shorter than 5 s would say the same, but a
        // loaded machine can take seconds to run the timeout's path); the fake clock's move is what ends it.
        var exit = await probe.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.Contains(TimeSpan.FromSeconds(5), armed);
        Assert.Equal(1, exit);
        Assert.Contains("did not answer", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A fake clock that remembers the due time of every timer created on it.</summary>
    private sealed class TimerRecordingClock : FakeTimeProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<TimeSpan> _dueTimes = new();

        public IReadOnlyList<TimeSpan> DueTimes => [.. _dueTimes];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _dueTimes.Enqueue(dueTime);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    [Fact]
    public async Task Run_EveryEnabledAdapterStopsForGood_LogsWhyAndExitsWithCode6()
    {
        await using var stub = await PlatformStub.StartAsync(slackTokenGood: false);
        using var run = new BotRun();
        var logs = new CapturedLogs();

        var result = await run.RunAsync([], extra: Slack(stub), overrides: services => services.AddSingleton<ILoggerProvider>(logs));

        Assert.Equal(HostExit.AllAdaptersStopped, result.ExitCode);
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Critical && l.Message.StartsWith("The slack adapter stopped for good: Slack rejected the bot token at auth.test: invalid_auth", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Critical && l.Message.Contains("exits with code 6", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnhandledError_Answers500WithoutExceptionText()
    {
        await using var stub = await PlatformStub.StartAsync();
        await using var bot = await HttpBot.StartAsync(Slack(stub), beforeStart: host =>
            ((WebApplication)host).MapGet("/test/boom", (HttpContext _) => throw new InvalidOperationException("secret internals at C:\\src\\Bot.cs")));

        var response = await bot.Client.GetAsync("/test/boom", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("""{"error":"internal error"}""", body);
    }

    [Fact]
    public async Task SlackEvents_BodyOverOneMegabyte_Refused413()
    {
        await using var stub = await PlatformStub.StartAsync();
        await using var bot = await HttpBot.StartAsync(Slack(stub));

        using var content = new ByteArrayContent(new byte[(1024 * 1024) + 1]);
        var response = await bot.Client.PostAsync("/slack/events", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}

using System.Text.Json.Nodes;
using Dpse.Core.Identity;
using Dpse.Core.Sending;
using Dpse.Discord.Rest;
using Dpse.Discord.Tests.Fakes;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Discord.Tests.Rest;

public sealed class DiscordRestClientTests
{
    private static readonly JsonObject Hello = new() { ["content"] = "hi", ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() } };

    [Fact]
    public async Task Send_AnyRequest_CarriesBotTokenUserAgentAndJson()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var rest = TestClients.Rest(fake, TimeProvider.System);

        var response = await rest.SendAsync(DiscordRoute.CreateMessage("123"), Hello, TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccess);
        var request = Assert.Single(fake.All);
        Assert.Equal("Bot test-token", request.Authorization);
        Assert.Matches(@"^DiscordBot \(https?://[^,]+, [0-9][^)]*\)$", request.UserAgent);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        Assert.Equal("/channels/123/messages", request.Path);
    }

    [Fact]
    public async Task Send_InteractionCallback_HasNoBotToken()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var rest = TestClients.Rest(fake, TimeProvider.System);

        await rest.SendAsync(DiscordRoute.Callback("1", "tok"), new JsonObject { ["type"] = 5 }, TestContext.Current.CancellationToken);

        Assert.Equal("", Assert.Single(fake.All).Authorization);
    }

    [Fact]
    public async Task Send_Route429_WaitsRetryAfterThenDeliversOnce()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeDiscord.StartAsync(time);
        fake.Script(r => r.Method == "POST", FakeResponse.TooManyRequests(3, global: false));
        var rest = TestClients.Rest(fake, time);

        var send = rest.SendAsync(DiscordRoute.CreateMessage("123"), Hello, TestContext.Current.CancellationToken);
        var waited = await time.AdvanceUntilAsync(() => send.IsCompleted, TimeSpan.FromMilliseconds(250), idle: fake.Idle);

        Assert.True((await send).IsSuccess);
        Assert.True(waited >= TimeSpan.FromSeconds(3), $"retried after {waited}");
        Assert.Equal([429, 200], fake.All.Select(r => r.Status));
        Assert.Equal(1, rest.RateLimitedCount);
    }

    [Fact]
    public async Task Send_Route429_MetricsCountTheHitAndTheWaitUnderDiscord()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeDiscord.StartAsync(time);
        fake.Script(r => r.Method == "POST", FakeResponse.TooManyRequests(3, global: false));
        using var metrics = new RateLimitMetrics();
        using var hits = new MetricCollector<long>(null, RateLimitMetrics.MeterName, "dpse.rate_limit.hits");
        using var waits = new MetricCollector<double>(null, RateLimitMetrics.MeterName, "dpse.rate_limit.waits");
        var rest = new DiscordRestClient(new HttpClient(fake.Idle, disposeHandler: false), Microsoft.Extensions.Options.Options.Create(TestClients.Options(fake)), time, NullLogger<DiscordRestClient>.Instance, metrics);

        var send = rest.SendAsync(DiscordRoute.CreateMessage("123"), Hello, TestContext.Current.CancellationToken);
        await time.AdvanceUntilAsync(() => send.IsCompleted, TimeSpan.FromMilliseconds(250), idle: fake.Idle);

        Assert.True((await send).IsSuccess);
        var hit = Assert.Single(hits.GetMeasurementSnapshot());
        Assert.Equal(1, hit.Value);
        Assert.Equal(Platforms.Discord, hit.Tags["platform"]);
        // What remained of Retry-After (3 s) when the wait began: the harness's clock moves on whenever no request is in
        // flight, so on a loaded machine it can move a step (250 ms) between the 429 and the wait. About 3 s, never more.
        var wait = Assert.Single(waits.GetMeasurementSnapshot());
        Assert.InRange(wait.Value, 2.0, 3.1);
        Assert.Equal(Platforms.Discord, wait.Tags["platform"]);
    }

    [Fact]
    public async Task Send_Global429_PausesEveryRouteThenDeliversAll()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeDiscord.StartAsync(time);
        fake.Script(r => r.Path == "/channels/1/messages", FakeResponse.TooManyRequests(2, global: true));
        var rest = TestClients.Rest(fake, time);

        var first = rest.SendAsync(DiscordRoute.CreateMessage("1"), Hello, TestContext.Current.CancellationToken);
        await fake.NextRequestAsync(r => r.Status == 429);
        var second = rest.SendAsync(DiscordRoute.CreateMessage("2"), Hello, TestContext.Current.CancellationToken);
        var waited = await time.AdvanceUntilAsync(() => first.IsCompleted && second.IsCompleted, TimeSpan.FromMilliseconds(250), idle: fake.Idle);

        Assert.True((await first).IsSuccess);
        Assert.True((await second).IsSuccess);
        Assert.True(waited >= TimeSpan.FromSeconds(2));
        Assert.Equal(2, fake.All.Count(r => r.Status == 200));
        Assert.Equal(1, fake.All.Count(r => r.Status == 429));
    }

    [Fact]
    public async Task Send_BucketExhausted_WaitsForResetBeforeNextRequest()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeDiscord.StartAsync(time);
        fake.ChannelMessagesPer5Seconds = 5;
        var rest = TestClients.Rest(fake, time);

        var sends = Enumerable.Range(0, 7).Select(_ => rest.SendAsync(DiscordRoute.CreateMessage("42"), Hello, TestContext.Current.CancellationToken)).ToList();
        await time.AdvanceUntilAsync(() => sends.All(s => s.IsCompleted), TimeSpan.FromMilliseconds(250), idle: fake.Idle);

        Assert.All(sends, s => Assert.True(s.Result.IsSuccess));
        Assert.Equal(0, fake.TooManyRequestsSent);
        Assert.Equal(7, fake.All.Count);
    }

    [Fact]
    public async Task Send_ServerErrors_RetriedWithBackoffUntilSuccess()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeDiscord.StartAsync(time);
        fake.Script(_ => true, new FakeResponse(502, "bad gateway"));
        fake.Script(_ => true, new FakeResponse(500, """{"message":"oops","code":0}"""));
        var rest = TestClients.Rest(fake, time);

        var send = rest.SendAsync(DiscordRoute.CreateMessage("1"), Hello, TestContext.Current.CancellationToken);
        var waited = await time.AdvanceUntilAsync(() => send.IsCompleted, TimeSpan.FromMilliseconds(100), idle: fake.Idle);

        Assert.True((await send).IsSuccess);
        Assert.Equal([502, 500, 200], fake.All.Select(r => r.Status));
        Assert.True(waited >= TimeSpan.FromSeconds(1.5), $"backoff {waited}");
    }

    [Fact]
    public async Task Send_BadRequest_NotRetriedAndLoggedWithDiscordsError()
    {
        await using var fake = await FakeDiscord.StartAsync();
        var error = SharedData.Exists ? SharedData.Read("rest/error.request-level.docs.json") : """{"code":50035,"message":"Invalid Form Body","errors":{"_errors":[{"code":"APPLICATION_COMMAND_TOO_LARGE","message":"Command exceeds maximum size (8000)"}]}}""";
        fake.Script(_ => true, new FakeResponse(400, error));
        var logger = new FakeLogger<DiscordRestClient>();
        var rest = TestClients.Rest(fake, TimeProvider.System, logger);

        var response = await rest.SendAsync(DiscordRoute.GlobalCommands("1"), new JsonArray(), TestContext.Current.CancellationToken);

        Assert.Equal(400, response.Status);
        Assert.Equal(50035, response.Code);
        Assert.Single(fake.All);
        var log = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains("APPLICATION_COMMAND_TOO_LARGE", log.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.Token, log.Message, StringComparison.Ordinal);
    }
}

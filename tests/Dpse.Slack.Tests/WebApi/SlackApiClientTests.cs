using System.Text.Json.Nodes;
using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Sending;
using Dpse.Slack.Tests.Fakes;
using Dpse.Slack.WebApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;

namespace Dpse.Slack.Tests.WebApi;

public class SlackApiClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChannelTarget Channel(string id) => new(new ChannelRef(Platforms.Slack, "T111", id));

    [Fact]
    public async Task Send_429WithRetryAfter_WaitedOutOnTheClock_ThenDelivered()
    {
        await using var h = await SlackHarness.CreateAsync(Ct, slack => slack.Script("chat.postMessage", 429, """{"ok":false,"error":"ratelimited"}""", retryAfter: "3"));

        var result = await h.AdvanceUntilAsync(h.Sender.SendAsync(Channel("C1"), Message.Line("Weekly digest"), "digest:C1:2026-W48", Ct), TimeSpan.FromMilliseconds(250), Ct);

        Assert.Equal(SendStatus.Sent, result.Status);
        var posts = h.Slack.Calls.Snapshot().Where(c => c.Method == "chat.postMessage").ToList();
        Assert.Equal(2, posts.Count);
        Assert.True(posts[1].At - posts[0].At >= TimeSpan.FromSeconds(3), $"retried after {(posts[1].At - posts[0].At).TotalSeconds} s");
        Assert.Equal("Weekly digest", posts[1].Str("text"));
        Assert.Contains(h.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("429", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_429WithRetryAfter_MetricsCountTheHitAndTheWaitUnderSlack()
    {
        using var metrics = new RateLimitMetrics();
        using var hits = new MetricCollector<long>(null, RateLimitMetrics.MeterName, "dpse.rate_limit.hits");
        using var waits = new MetricCollector<double>(null, RateLimitMetrics.MeterName, "dpse.rate_limit.waits");
        await using var h = await SlackHarness.CreateAsync(
            Ct,
            slack => slack.Script("chat.postMessage", 429, """{"ok":false,"error":"ratelimited"}""", retryAfter: "3"),
            configure: services => services.AddSingleton(metrics));

        var result = await h.AdvanceUntilAsync(h.Sender.SendAsync(Channel("C1"), Message.Line("Weekly digest"), "digest:C1:2026-W48", Ct), TimeSpan.FromMilliseconds(250), Ct);

        Assert.Equal(SendStatus.Sent, result.Status);
        var hit = Assert.Single(hits.GetMeasurementSnapshot());
        Assert.Equal(1, hit.Value);
        Assert.Equal(Platforms.Slack, hit.Tags["platform"]);
        // The wait is what remained of Retry-After (3 s) when the retry was due to leave: the harness's clock moves on
        // whenever no request is in flight, so on a loaded machine it can have moved a step or two (250 ms each) between
        // the 429 and the retry (2.5 s was seen at load 34). Any wait of about the Retry-After, and none longer, counts.
        Assert.Contains(waits.GetMeasurementSnapshot(), w => w.Value >= 2.0 && w.Value <= 3.1 && Equals(w.Tags["platform"], Platforms.Slack));
    }

    [Fact]
    public async Task Send_429DuringFanOut_EveryMessageStillDeliveredOnce()
    {
        await using var h = await SlackHarness.CreateAsync(Ct, slack => slack.Script("chat.postMessage", 429, """{"ok":false,"error":"ratelimited"}""", retryAfter: "2"));
        var channels = Enumerable.Range(1, 6).Select(i => $"C{i}").ToList();

        var all = Task.WhenAll(channels.Select(c => h.Sender.SendAsync(Channel(c), Message.Line("Digest for " + c), "k:" + c, Ct)));
        var results = await h.AdvanceUntilAsync(all, TimeSpan.FromMilliseconds(250), Ct);

        Assert.All(results, r => Assert.Equal(SendStatus.Sent, r.Status));
        // Which post meets the scripted 429 depends on which arrives first: six channels, seven posts, one retried.
        var posts = h.Slack.Calls.Snapshot().Where(c => c.Method == "chat.postMessage").Select(c => c.Str("channel")).ToList();
        Assert.Equal(channels.Count + 1, posts.Count);
        Assert.Equal(channels, posts.Distinct().Order().ToList());
    }

    [Fact]
    public async Task Send_ThreeToOneChannel_PacedOnePerSecond()
    {
        await using var h = await SlackHarness.CreateAsync(Ct);

        // Warm the connection first: the first request's set-up time would otherwise stamp its arrival late on the
        // fake clock (which the harness keeps advancing) and shrink the measured gap.
        await h.AdvanceUntilAsync(h.Sender.SendAsync(Channel("C-WARM"), Message.Line("warm"), "warm", Ct), TimeSpan.FromMilliseconds(100), Ct);
        var all = Task.WhenAll(Enumerable.Range(1, 3).Select(i => h.Sender.SendAsync(Channel("C1"), Message.Line($"m{i}"), $"k{i}", Ct)));
        await h.AdvanceUntilAsync(all, TimeSpan.FromMilliseconds(100), Ct);

        // Arrival is stamped on the fake clock, which may run a 100 ms step or two ahead of the send; unpaced, all
        // three would arrive within one step.
        var times = h.Slack.Calls.Snapshot().Where(c => c.Method == "chat.postMessage" && c.Str("channel") == "C1").Select(c => c.At).Order().ToList();
        Assert.Equal(3, times.Count);
        Assert.True(times[2] - times[0] >= TimeSpan.FromSeconds(1.7), $"{(times[2] - times[0]).TotalSeconds} s");
    }

    [Theory]
    [InlineData("channel_not_found", SendStatus.PermanentFailure)]
    [InlineData("not_in_channel", SendStatus.PermanentFailure)]
    [InlineData("is_archived", SendStatus.PermanentFailure)]
    [InlineData("account_inactive", SendStatus.PermanentFailure)]
    [InlineData("invalid_auth", SendStatus.PermanentFailure)]
    [InlineData("internal_error", SendStatus.TransientFailure)]
    [InlineData("fatal_error", SendStatus.TransientFailure)]
    public async Task Send_SlackError_MappedAndExplained(string error, SendStatus expected)
    {
        await using var h = await SlackHarness.CreateAsync(Ct, slack => slack.Script("chat.postMessage", 200, $$"""{"ok":false,"error":"{{error}}"}"""));

        var result = await h.Sender.SendAsync(Channel("C1"), Message.Line("x"), "k", Ct);

        Assert.Equal(expected, result.Status);
        Assert.Contains($"chat.postMessage: {error}", result.Error, StringComparison.Ordinal);
        Assert.Contains(h.Logs.GetSnapshot(), r => r.Message.Contains(error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_ServerError_Transient()
    {
        await using var h = await SlackHarness.CreateAsync(Ct, slack => slack.Script("chat.postMessage", 503, "<html>down</html>"));

        var result = await h.Sender.SendAsync(Channel("C1"), Message.Line("x"), "k", Ct);

        Assert.Equal(SendStatus.TransientFailure, result.Status);
        Assert.Contains("http_503", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_Unreachable_TransientWithoutThrowing()
    {
        await using var h = await SlackHarness.CreateAsync(Ct);
        await h.Slack.DisposeAsync();

        var result = await h.Sender.SendAsync(Channel("C1"), Message.Line("x"), "k", Ct);

        Assert.Equal(SendStatus.TransientFailure, result.Status);
        Assert.Contains("network_error", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_Direct_OpensConversationOnce_ThenPostsThere()
    {
        await using var h = await SlackHarness.CreateAsync(Ct);
        var person = new DirectTarget(new ActorRef(Platforms.Slack, "T111", "U42"));

        var first = await h.Sender.SendAsync(person, Message.Line("Reminder: Open Councils in 1 h"), "r1", Ct);
        var second = await h.AdvanceUntilAsync(h.Sender.SendAsync(person, Message.Line("Reminder: starts now"), "r2", Ct), TimeSpan.FromMilliseconds(250), Ct);

        Assert.Equal(SendStatus.Sent, first.Status);
        Assert.Equal(SendStatus.Sent, second.Status);
        var open = Assert.Single(h.Slack.Calls.Snapshot(), c => c.Method == "conversations.open");
        Assert.Equal("U42", open.Str("users"));
        Assert.StartsWith("application/x-www-form-urlencoded", open.ContentType, StringComparison.Ordinal);
        Assert.All(h.Slack.Calls.Snapshot().Where(c => c.Method == "chat.postMessage"), c => Assert.Equal("DU42", c.Str("channel")));
    }

    [Fact]
    public async Task Send_Post_BearerBotTokenJsonUnfurlOffAndFallbackText()
    {
        await using var h = await SlackHarness.CreateAsync(Ct);

        var result = await h.Sender.SendAsync(Channel("C9"), Message.Simple("Open Councils", "Thursday"), "k", Ct);

        var post = Assert.Single(h.Slack.Calls.Snapshot(), c => c.Method == "chat.postMessage");
        Assert.Equal("Bearer xoxb-test-bot-token", post.Authorization);
        Assert.Equal("application/json; charset=utf-8", post.ContentType);
        Assert.Equal("Open Councils", post.Str("text"));
        Assert.False(post.Body["unfurl_links"]!.GetValue<bool>());
        Assert.False(post.Body["unfurl_media"]!.GetValue<bool>());
        Assert.StartsWith("C9/1700000000.", result.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_TokensNeverLogged()
    {
        await using var h = await SlackHarness.CreateAsync(Ct, slack => slack.Script("chat.postMessage", 200, """{"ok":false,"error":"invalid_auth"}"""));

        await h.Sender.SendAsync(Channel("C1"), Message.Line("x"), "k", Ct);

        Assert.DoesNotContain(h.Logs.GetSnapshot(), r => r.Message.Contains("xoxb-test", StringComparison.Ordinal) || r.Message.Contains("xapp-test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResponseUrl_SlackNeverAnswers_GivesUpAtTheRequestTimeoutOnTheInjectedClock()
    {
        var silent = new SilentHandler();
        await using var h = await SlackHarness.CreateAsync(Ct, configure: services => services.AddHttpClient(nameof(SlackApiClient)).ConfigurePrimaryHttpMessageHandler(() => silent));
        var api = h.Services.GetRequiredService<SlackApiClient>();

        var call = api.PostToResponseUrlAsync(new Uri(h.Slack.ApiUrl, "/response"), new JsonObject { ["text"] = "x" }, Ct);
        await silent.Received.Task.WaitAsync(Ct);
        h.Clock.Advance(SlackApiClient.RequestTimeout - TimeSpan.FromSeconds(1));
        Assert.False(call.IsCompleted);
        h.Clock.Advance(TimeSpan.FromSeconds(1));

        // Fake time alone ends the attempt; the real-time bound only keeps a broken build from hanging the suite.
        var result = await call.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(SlackErrors.NetworkError, result.Error);
    }

    /// <summary>Takes every request and never answers, until the request is cancelled.</summary>
    private sealed class SilentHandler : HttpMessageHandler
    {
        public TaskCompletionSource Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Received.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}

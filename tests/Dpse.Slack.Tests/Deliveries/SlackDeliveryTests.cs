using Dpse.Core.Deliveries;
using Dpse.Core.Identity;
using Dpse.Core.Sending;
using Dpse.Slack.Sending;
using Dpse.Slack.WebApi;
using Dpse.Testing.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Slack.Tests.Deliveries;

/// <summary>
/// The scheduler and outbox posting through the real Slack sender (paced at one post per second per channel and the
/// workspace ceiling) to a loopback Slack that stores messages with their metadata and serves history, on a fake clock.
/// </summary>
public sealed class SlackDeliveryTests
{
    private const string Team = "T111";
    private static readonly DateTimeOffset Wednesday = new(2026, 11, 18, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    [Fact]
    public async Task FanOut_NotInChannelArchivedAndFailingAmong5Healthy_HealthyAndReminderWithinASecondBrokenMarkedOrRetried()
    {
        await using var rig = await Rig.StartAsync();
        var (slack, h) = (rig.Slack, rig.Harness);
        var healthy = new List<ChannelRef>();
        for (var i = 0; i < 5; i++)
        {
            healthy.Add(await h.SubscribeAsync(Platforms.Slack, Team, $"CH{i}"));
        }

        var outside = await h.SubscribeAsync(Platforms.Slack, Team, "CBROKEN1");
        var archived = await h.SubscribeAsync(Platforms.Slack, Team, "CBROKEN2");
        var failing = await h.SubscribeAsync(Platforms.Slack, Team, "CBROKEN3");
        slack.ScriptAlways("chat.postMessage", outside.ChannelId, 200, """{"ok":false,"error":"not_in_channel"}""");
        slack.ScriptAlways("chat.postMessage", archived.ChannelId, 200, """{"ok":false,"error":"is_archived"}""");
        slack.ScriptAlways("chat.postMessage", failing.ChannelId, 500, "<html>oops</html>");
        await h.ShareStoryAsync("Search rebuild stalled");
        // The event's own channel takes no digest: Slack paces one post per second per channel, a floor no sender beats.
        var events = new ChannelRef(Platforms.Slack, Team, "CEVENTS");
        await h.AddEventAsync("Open Councils", OutboxHarness.DigestDue.AddHours(1), events, TimeSpan.FromHours(1));
        await h.ChangedAsync();

        await h.JumpToAsync(OutboxHarness.DigestDue);
        await h.RunUntilAsync(
            () => healthy.All(c => rig.PostedTo(c).Count == 1) && rig.PostedTo(events).Count == 1
                && h.Deliveries.All.Count(r => r.Status != DeliveryStatus.Sent) == 3
                && h.Deliveries.All.All(r => r.Status != DeliveryStatus.Pending || r.NextAttemptAt is not null)
                && h.State.DeliveriesInFlight == 0,
            Step,
            TimeSpan.FromSeconds(15));

        var reminder = Assert.Single(h.Deliveries.All, r => r.Kind == DeliveryKind.Reminder);
        Assert.Equal(DeliveryStatus.Sent, reminder.Status);
        var reminderPost = Assert.Single(rig.PostedTo(events), p => Reference(p) == SlackMessageSender.Reference(reminder.Key, 0));
        // The reminder takes the workspace's next posting turn before waiting digests: well within a second. Healthy
        // channels wait only for their turn under the workspace ceiling (525 posts a minute: one every 114 ms), in
        // whatever order the lanes took them, never for a broken channel's retry: so the last arrives within one spacing
        // per post of this minute (about a second for these nine), plus a little for the fake clock's 10 ms steps.
        Assert.InRange(reminderPost.At - OutboxHarness.DigestDue, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var spacing = TimeSpan.FromMinutes(1) / new SlackOptions().PostsPerMinutePerWorkspace;
        var postsThisMinute = slack.Calls.Snapshot().Count(c => c.Method == "chat.postMessage");
        Assert.Equal(9, postsThisMinute); // 5 healthy, 3 broken and the reminder: the 500 is retried by the outbox, later
        var paced = (spacing * postsThisMinute) + TimeSpan.FromMilliseconds(200);
        Assert.All(healthy, c => Assert.All(rig.PostedTo(c), p => Assert.InRange(p.At - OutboxHarness.DigestDue, TimeSpan.Zero, paced)));

        Assert.Equal(DeliveryStatus.Failed, rig.DigestTo(outside).Status);
        Assert.Equal(DeliveryStatus.Failed, rig.DigestTo(archived).Status);
        Assert.Contains("not_in_channel", (await h.Stores.ChannelSettings.GetAsync(outside, TestContext.Current.CancellationToken))!.DeliveryProblem, StringComparison.Ordinal);
        Assert.Contains("is_archived", (await h.Stores.ChannelSettings.GetAsync(archived, TestContext.Current.CancellationToken))!.DeliveryProblem, StringComparison.Ordinal);
        var failingRecord = rig.DigestTo(failing);
        Assert.Equal(DeliveryStatus.Pending, failingRecord.Status);
        Assert.True(failingRecord.NextAttemptAt > h.Time.GetUtcNow(), "the failing channel is retried later");
        Assert.NotNull(failingRecord.AttemptStartedAt); // a 500 may have posted: the retry checks the history first
    }

    [Fact]
    public async Task Crash_BetweenSendAndRecord_Resent_FoundByItsMetadataOneMessage()
    {
        await using var rig = await Rig.StartAsync();
        var (slack, h) = (rig.Slack, rig.Harness);
        var channel = await h.SubscribeAsync(Platforms.Slack, Team, "C1");
        await h.ShareStoryAsync("A lesson");
        h.Deliveries.FailUpdateWhen = r => r.Status == DeliveryStatus.Sent; // the process dies before recording the send

        await rig.SendThenCrashAsync(channel);
        await rig.RestartAfterAsync(TimeSpan.FromMinutes(20), () => rig.DigestTo(channel).Status == DeliveryStatus.Sent);

        var posted = Assert.Single(rig.PostedTo(channel));
        Assert.Equal($"{channel.ChannelId}/{posted.Ts}", rig.DigestTo(channel).MessageId);
        Assert.Equal(SlackMessageSender.MetadataEventType, posted.Body["metadata"]?["event_type"]?.GetValue<string>());
        var history = Assert.Single(slack.Calls.Snapshot(), c => c.Method == "conversations.history");
        Assert.Equal("true", history.Str("include_all_metadata"));
    }

    [Fact]
    public async Task UnknownOutcome_NothingArrived_Resent_OneMessage()
    {
        await using var rig = await Rig.StartAsync();
        var (slack, h) = (rig.Slack, rig.Harness);
        var channel = await h.SubscribeAsync(Platforms.Slack, Team, "C1");
        await h.ShareStoryAsync("A lesson");
        slack.Script("chat.postMessage", 503, "upstream timeout"); // the outcome of this post is unknown to the bot

        await h.ChangedAsync();
        await h.JumpToAsync(OutboxHarness.DigestDue);
        await h.RunUntilAsync(() => rig.DigestTo(channel).NextAttemptAt is not null && h.State.DeliveriesInFlight == 0, Step, TimeSpan.FromSeconds(5));
        Assert.NotNull(rig.DigestTo(channel).AttemptStartedAt);
        await h.StopAsync();
        await rig.RestartAfterAsync(TimeSpan.FromMinutes(1), () => rig.DigestTo(channel).Status == DeliveryStatus.Sent);

        Assert.Single(rig.PostedTo(channel));
        Assert.Single(slack.Calls.Snapshot(), c => c.Method == "conversations.history");
    }

    [Fact]
    public async Task UnknownOutcome_HistoryUnreadable_NotResentBlindThenResolvedOnceReadable()
    {
        await using var rig = await Rig.StartAsync();
        var (slack, h) = (rig.Slack, rig.Harness);
        var channel = await h.SubscribeAsync(Platforms.Slack, Team, "C1");
        await h.ShareStoryAsync("A lesson");
        h.Deliveries.FailUpdateWhen = r => r.Status == DeliveryStatus.Sent;
        slack.ScriptAlways("conversations.history", null, 200, """{"ok":false,"error":"missing_scope","needed":"channels:history"}""");

        await rig.SendThenCrashAsync(channel);
        await rig.RestartAfterAsync(TimeSpan.FromMinutes(1), () => rig.DigestTo(channel).NextAttemptAt is not null);
        Assert.Single(rig.PostedTo(channel));
        Assert.Equal(DeliveryStatus.Pending, rig.DigestTo(channel).Status);
        Assert.Contains("missing_scope", rig.DigestTo(channel).Error, StringComparison.Ordinal);

        slack.Heal("conversations.history", null);
        var retryAt = rig.DigestTo(channel).NextAttemptAt!.Value;
        await h.JumpToAsync(retryAt);
        await h.RunUntilAsync(() => rig.DigestTo(channel).Status == DeliveryStatus.Sent && h.State.DeliveriesInFlight == 0, Step, TimeSpan.FromSeconds(5));
        Assert.Single(rig.PostedTo(channel));
    }

    private static string? Reference(PostedMessage posted) => posted.Body["metadata"]?["event_payload"]?["ref"]?.GetValue<string>();

    private sealed class Rig : IAsyncDisposable
    {
        private Rig(FakeSlack slack, OutboxHarness harness, HttpClient http)
        {
            Slack = slack;
            Harness = harness;
            Http = http;
        }

        public FakeSlack Slack { get; }

        public OutboxHarness Harness { get; }

        private HttpClient Http { get; }

        public static async Task<Rig> StartAsync()
        {
            var time = new FakeTimeProvider(Wednesday);
            var slack = await FakeSlack.StartAsync(time, TestContext.Current.CancellationToken);
            var options = Microsoft.Extensions.Options.Options.Create(new SlackOptions { Enabled = true, BotToken = "xoxb-test", AppToken = "xapp-test", ApiBaseUrl = slack.ApiUrl });
            var idle = new IdleGate();
            var http = new HttpClient(idle);
            var api = new SlackApiClient(http, options, new SlackRateGate(time, options), time, NullLogger<SlackApiClient>.Instance);
            var harness = new OutboxHarness(time, idle, new SlackMessageSender(api, time));
            await harness.StartAsync();
            return new Rig(slack, harness, http);
        }

        public List<PostedMessage> PostedTo(ChannelRef channel) => [.. Slack.Posted.Where(p => p.Channel == channel.ChannelId)];

        public DeliveryRecord DigestTo(ChannelRef channel) =>
            Assert.Single(Harness.Deliveries.All, r => r.Kind == DeliveryKind.Digest && r.Target == new ChannelTarget(channel));

        /// <summary>The digest goes out at 09:00, the store fails to record it, and the process stops.</summary>
        public async Task SendThenCrashAsync(ChannelRef channel)
        {
            await Harness.ChangedAsync();
            await Harness.JumpToAsync(OutboxHarness.DigestDue);
            await Harness.RunUntilAsync(() => PostedTo(channel).Count == 1 && Harness.State.DeliveriesInFlight == 0, Step, TimeSpan.FromSeconds(5));
            Assert.NotNull(DigestTo(channel).AttemptStartedAt);
            Assert.Equal(DeliveryStatus.Pending, DigestTo(channel).Status);
            await Harness.StopAsync();
        }

        /// <summary>A new process starts <paramref name="downFor"/> later on the same stores and works until <paramref name="done"/>.</summary>
        public async Task RestartAfterAsync(TimeSpan downFor, Func<bool> done)
        {
            Harness.Time.Advance(downFor);
            await Harness.StartAsync();
            await Harness.RunUntilAsync(() => done() && Harness.State.DeliveriesInFlight == 0, Step, TimeSpan.FromSeconds(15));
        }

        public async ValueTask DisposeAsync()
        {
            await Harness.DisposeAsync();
            Http.Dispose();
            await Slack.DisposeAsync();
        }
    }
}

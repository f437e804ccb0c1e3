using Dpse.Core.Deliveries;
using Dpse.Core.Identity;
using Dpse.Discord.Rest;
using Dpse.Discord.Tests.Fakes;
using Dpse.Testing.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Discord.Tests.Deliveries;

/// <summary>
/// The scheduler and outbox posting through the real Discord sender to a loopback Discord that enforces the global
/// (50/s) and per-channel (5 per 5 s) limits and models the nonce window, all on a fake clock.
/// </summary>
public sealed class DiscordDeliveryTests
{
    private const string Guild = "339318275320184833";
    private static readonly DateTimeOffset Wednesday = new(2026, 11, 18, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    [Fact]
    public async Task FanOut_ThrottledFailingAndForbiddenAmong25Healthy_HealthyAndReminderWithinASecondBrokenDeferredOrMarked()
    {
        await using var rig = await Rig.StartAsync();
        var (fake, h) = (rig.Fake, rig.Harness);
        var healthy = new List<ChannelRef>();
        for (var i = 0; i < 25; i++)
        {
            healthy.Add(await h.SubscribeAsync(Platforms.Discord, Guild, Snowflake(100 + i)));
        }

        var throttled = await h.SubscribeAsync(Platforms.Discord, Guild, Snowflake(1));
        var failing = await h.SubscribeAsync(Platforms.Discord, Guild, Snowflake(2));
        var forbidden = await h.SubscribeAsync(Platforms.Discord, Guild, Snowflake(3));
        fake.ScriptAlways(r => r.Path == $"/channels/{throttled.ChannelId}/messages", FakeResponse.TooManyRequests(3600, global: false));
        fake.ScriptAlways(r => r.Path == $"/channels/{failing.ChannelId}/messages", new FakeResponse(500, """{"message":"500: Internal Server Error","code":0}"""));
        fake.ScriptAlways(r => r.Path == $"/channels/{forbidden.ChannelId}/messages", new FakeResponse(403, """{"message":"Missing Access","code":50001}"""));
        await h.ShareStoryAsync("Search rebuild stalled");
        var meetup = await h.AddEventAsync("Open Councils", OutboxHarness.DigestDue.AddHours(1), healthy[12], TimeSpan.FromHours(1));
        await h.ChangedAsync();

        await h.JumpToAsync(OutboxHarness.DigestDue);
        await h.RunUntilAsync(
            () => healthy.All(c => rig.MessagesIn(c).Count == (c == healthy[12] ? 2 : 1))
                && h.Deliveries.All.Count(r => r.Status == DeliveryStatus.Pending && r.NextAttemptAt is not null) == 2
                && h.State.DeliveriesInFlight == 0,
            Step,
            TimeSpan.FromSeconds(15));

        var reminder = Assert.Single(h.Deliveries.All, r => r.Kind == DeliveryKind.Reminder);
        var reminderPost = Assert.Single(fake.Messages, m => m.Nonce == DeliveryReference.Nonce(reminder.Key, 0));
        Assert.Contains("Open Councils", reminderPost.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.InRange(reminderPost.At - OutboxHarness.DigestDue, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.All(healthy, c => Assert.All(rig.MessagesIn(c), m => Assert.InRange(m.At - OutboxHarness.DigestDue, TimeSpan.Zero, TimeSpan.FromSeconds(1))));
        Assert.All(h.Deliveries.All.Where(r => healthy.Any(c => r.Target == new Core.Sending.ChannelTarget(c))), r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        Assert.Equal(meetup.Number, reminder.EventNumber);
        Assert.Equal(DeliveryStatus.Sent, reminder.Status);

        var throttledRecord = rig.DigestTo(throttled);
        Assert.Equal(DeliveryStatus.Pending, throttledRecord.Status);
        Assert.True(throttledRecord.NextAttemptAt >= OutboxHarness.DigestDue.AddSeconds(3599), $"retry at {throttledRecord.NextAttemptAt:O}");
        Assert.Single(fake.Requests(r => r.Path.Contains(throttled.ChannelId, StringComparison.Ordinal))); // asked once, did not sleep on it

        var failingRecord = rig.DigestTo(failing);
        Assert.Equal(DeliveryStatus.Pending, failingRecord.Status);
        Assert.True(failingRecord.NextAttemptAt > h.Time.GetUtcNow(), "the failing channel is retried later");
        Assert.Contains("HTTP 500", failingRecord.Error, StringComparison.Ordinal);

        Assert.Equal(DeliveryStatus.Failed, rig.DigestTo(forbidden).Status);
        Assert.Contains("50001", (await h.Stores.ChannelSettings.GetAsync(forbidden, TestContext.Current.CancellationToken))!.DeliveryProblem, StringComparison.Ordinal);
        Assert.Equal(1, fake.TooManyRequestsSent); // only the throttled channel's own answer: the pacing provoked none
    }

    [Fact]
    public async Task Crash_BetweenSendAndRecord_ResentInsideTheNonceWindow_OneMessage()
    {
        await using var rig = await Rig.StartAsync();
        var (fake, h) = (rig.Fake, rig.Harness);
        var channel = await h.SubscribeAsync(Platforms.Discord, Guild, Snowflake(7));
        await h.ShareStoryAsync("A lesson");
        h.Deliveries.FailUpdateWhen = r => r.Status == DeliveryStatus.Sent; // the process dies before recording the send

        await rig.SendThenCrashAsync(channel);
        await rig.RestartAfterAsync(TimeSpan.FromMinutes(1), () => rig.DigestTo(channel).Status == DeliveryStatus.Sent);

        var message = Assert.Single(rig.MessagesIn(channel));
        Assert.Equal(message.Id, rig.DigestTo(channel).MessageId);
        Assert.Equal(2, fake.Requests(r => r.Method == "POST").Count); // the resend was answered from the nonce
    }

    [Fact]
    public async Task Crash_BetweenSendAndRecord_ResentAfterTheNonceWindow_FoundByItsReferenceOneMessage()
    {
        await using var rig = await Rig.StartAsync();
        var (fake, h) = (rig.Fake, rig.Harness);
        var channel = await h.SubscribeAsync(Platforms.Discord, Guild, Snowflake(7));
        await h.ShareStoryAsync("A lesson");
        h.Deliveries.FailUpdateWhen = r => r.Status == DeliveryStatus.Sent;

        await rig.SendThenCrashAsync(channel);
        await rig.RestartAfterAsync(TimeSpan.FromMinutes(20), () => rig.DigestTo(channel).Status == DeliveryStatus.Sent);

        var message = Assert.Single(rig.MessagesIn(channel));
        Assert.Equal(message.Id, rig.DigestTo(channel).MessageId);
        Assert.Single(fake.Requests(r => r.Method == "POST"));
        Assert.Single(fake.Requests(r => r.Method == "GET" && r.Path == $"/channels/{channel.ChannelId}/messages"));
    }

    [Fact]
    public async Task UnknownOutcome_NothingArrived_ResentAfterTheNonceWindow_OneMessage()
    {
        await using var rig = await Rig.StartAsync();
        var (fake, h) = (rig.Fake, rig.Harness);
        var channel = await h.SubscribeAsync(Platforms.Discord, Guild, Snowflake(7));
        await h.ShareStoryAsync("A lesson");
        // A 5xx answer leaves the outcome unknown (a 500 may come after the message was stored); the sender hands it
        // straight back to the outbox.
        fake.Script(r => r.Method == "POST", new FakeResponse(502, """{"message":"Bad Gateway","code":0}"""));

        await h.JumpToAsync(OutboxHarness.DigestDue);
        await h.RunUntilAsync(() => rig.DigestTo(channel).NextAttemptAt is not null && h.State.DeliveriesInFlight == 0, Step, TimeSpan.FromSeconds(15));
        Assert.NotNull(rig.DigestTo(channel).AttemptStartedAt);
        await rig.RestartAfterAsync(TimeSpan.FromMinutes(20), () => rig.DigestTo(channel).Status == DeliveryStatus.Sent);

        Assert.Equal(rig.DigestTo(channel).MessageId, Assert.Single(rig.MessagesIn(channel)).Id);
    }

    [Fact]
    public async Task UnknownOutcome_HistoryUnreadable_NotResentBlind()
    {
        await using var rig = await Rig.StartAsync();
        var (fake, h) = (rig.Fake, rig.Harness);
        var channel = await h.SubscribeAsync(Platforms.Discord, Guild, Snowflake(7));
        await h.ShareStoryAsync("A lesson");
        h.Deliveries.FailUpdateWhen = r => r.Status == DeliveryStatus.Sent;
        fake.ScriptAlways(r => r.Method == "GET", new FakeResponse(403, """{"message":"Missing Access","code":50001}"""));

        await rig.SendThenCrashAsync(channel);
        await rig.RestartAfterAsync(TimeSpan.FromMinutes(20), () => rig.DigestTo(channel).Attempts >= 1 && rig.DigestTo(channel).NextAttemptAt is not null);

        Assert.Single(rig.MessagesIn(channel));
        Assert.Single(fake.Requests(r => r.Method == "POST"));
        Assert.Equal(DeliveryStatus.Pending, rig.DigestTo(channel).Status);
        Assert.Contains("Read Message History", rig.DigestTo(channel).Error, StringComparison.Ordinal);
    }

    private static string Snowflake(int n) => "80000000000000" + n.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    private sealed class Rig : IAsyncDisposable
    {
        private Rig(FakeDiscord fake, OutboxHarness harness)
        {
            Fake = fake;
            Harness = harness;
        }

        public FakeDiscord Fake { get; }

        public OutboxHarness Harness { get; }

        public static async Task<Rig> StartAsync()
        {
            var time = new FakeTimeProvider(Wednesday);
            var fake = await FakeDiscord.StartAsync(time);
            fake.GlobalLimitPerSecond = 50;
            fake.ChannelMessagesPer5Seconds = 5;
            var idle = new IdleGate();
            var rest = new DiscordRestClient(new HttpClient(idle), Microsoft.Extensions.Options.Options.Create(TestClients.Options(fake)), time, NullLogger<DiscordRestClient>.Instance);
            var harness = new OutboxHarness(time, idle, new DiscordMessageSender(rest, time));
            await harness.StartAsync();
            return new Rig(fake, harness);
        }

        public List<StoredMessage> MessagesIn(ChannelRef channel) => [.. Fake.Messages.Where(m => m.ChannelId == channel.ChannelId)];

        public DeliveryRecord DigestTo(ChannelRef channel) =>
            Assert.Single(Harness.Deliveries.All, r => r.Kind == DeliveryKind.Digest && r.Target == new Core.Sending.ChannelTarget(channel));

        /// <summary>The digest goes out at 09:00, the store fails to record it, and the process stops.</summary>
        public async Task SendThenCrashAsync(ChannelRef channel)
        {
            await Harness.ChangedAsync();
            await Harness.JumpToAsync(OutboxHarness.DigestDue);
            await Harness.RunUntilAsync(() => MessagesIn(channel).Count == 1 && Harness.State.DeliveriesInFlight == 0, Step, TimeSpan.FromSeconds(5));
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
            await Fake.DisposeAsync();
        }
    }
}

using System.Globalization;
using Dpse.Core.Deliveries;
using Dpse.Core.Identity;
using Dpse.Core.Sending;
using Dpse.Core.Tests.Digests;

namespace Dpse.Core.Tests.Scheduling;

public sealed class DigestSchedulingTests
{
    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Theory]
    [InlineData("Europe/London", "2026-03-18T12:00:00Z", "2026-04-07T00:00:00Z", "2026-03-23T09:00:00Z,2026-03-30T08:00:00Z,2026-04-06T08:00:00Z")]
    [InlineData("Europe/London", "2026-10-14T12:00:00Z", "2026-11-03T00:00:00Z", "2026-10-19T08:00:00Z,2026-10-26T09:00:00Z,2026-11-02T09:00:00Z")]
    [InlineData("Pacific/Auckland", "2026-09-16T00:00:00Z", "2026-10-06T00:00:00Z", "2026-09-20T21:00:00Z,2026-09-27T20:00:00Z,2026-10-04T20:00:00Z")]
    public async Task Digest_MondayNineLocal_PostsAtNineLocalEveryWeekAcrossTheClockChange(string zone, string start, string until, string expected)
    {
        await using var h = new SchedulerHarness(Utc(start));
        await h.StartAsync();
        var channel = await h.SubscribeAsync(Platforms.Discord, "c1", zone: zone);
        for (var week = 0; week < 3; week++)
        {
            h.ShareStory($"Week {week + 1} story", h.Now.AddDays((7 * week) + 1));
        }

        await h.AdvanceToAsync(Utc(until));

        var posted = h.Discord.PostedTo(SchedulerHarness.To(channel));
        Assert.Equal(expected.Split(',').Select(Utc), posted.Select(p => p.At));
        // Each digest carries the story of its own week and none of the others.
        var weeksInEachDigest = posted
            .Select(p => Flat.Text(p.Message))
            .Select(text => string.Join(",", Enumerable.Range(1, 3).Where(w => text.Contains($"Week {w} story", StringComparison.Ordinal))));
        Assert.Equal(["1", "2", "3"], weeksInEachDigest);
        Assert.All(posted, p => Assert.StartsWith("# DPSE weekly digest\n", Flat.Text(p.Message), StringComparison.Ordinal));
        Assert.All(h.Records(DeliveryKind.Digest), r => Assert.Equal(DeliveryStatus.Sent, r.Status));
    }

    [Fact]
    public async Task Subscribe_WhileTheSchedulerSleeps_WakesItAndItSleepsUntilTheNewSlot()
    {
        await using var h = new SchedulerHarness(Utc("2026-11-23T08:00:00Z")); // Monday 08:00 London
        await h.StartAsync();
        Assert.Equal(Utc("2026-11-24T08:00:00Z"), h.State.NextDue); // nothing planned: the longest sleep

        var channel = await h.SubscribeAsync(Platforms.Slack, "s1");
        h.ShareStory("Fresh", h.Now);

        Assert.Equal(Utc("2026-11-23T09:00:00Z"), h.State.NextDue);
        await h.AdvanceToAsync(Utc("2026-11-23T09:00:00Z"));
        Assert.Equal(Utc("2026-11-23T09:00:00Z"), Assert.Single(h.Slack.PostedTo(SchedulerHarness.To(channel))).At);
    }

    [Fact]
    public async Task Digest_StoredZoneUnknown_NotSentInUtcButReportedOnceOnTheChannel()
    {
        await using var h = new SchedulerHarness(Utc("2026-11-18T12:00:00Z"));
        await h.StartAsync();
        var channel = await h.SubscribeAsync(Platforms.Discord, "c1", zone: "Mars/Olympus_Mons");
        h.ShareStory("Fresh", h.Now.AddHours(1));

        await h.AdvanceToAsync(Utc("2026-12-08T00:00:00Z"));

        Assert.Empty(h.Posted);
        Assert.Empty(h.Records(DeliveryKind.Digest));
        var settings = await h.Stores.GetAsync(channel, TestContext.Current.CancellationToken);
        Assert.Equal(
            "digest not sent: the stored time zone 'Mars/Olympus_Mons' is unknown; subscribe again with a zone such as Europe/London",
            settings!.DeliveryProblem);
        var logged = Assert.Single(h.SchedulerLog.GetSnapshot(), r => r.Message.Contains("Mars/Olympus_Mons", StringComparison.Ordinal));
        Assert.Contains(channel.Key, logged.Message, StringComparison.Ordinal);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, logged.Level);
    }

    [Fact]
    public async Task Digest_NothingToSay_PostsNothingAndRecordsWhy()
    {
        await using var h = new SchedulerHarness(Utc("2026-11-18T12:00:00Z"));
        await h.StartAsync();
        await h.SubscribeAsync(Platforms.Discord, "quiet");

        await h.AdvanceToAsync(Utc("2026-11-24T00:00:00Z"));

        Assert.Empty(h.Posted);
        var record = Assert.Single(h.Records(DeliveryKind.Digest));
        Assert.Equal(DeliveryStatus.Skipped, record.Status);
        Assert.StartsWith("nothing to post", record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Digest_RestartBetweenPendingAndSent_ResendsOnceWithTheSameKey()
    {
        await using var h = new SchedulerHarness(Utc("2026-11-18T12:00:00Z"));
        await h.StartAsync();
        var slackChannel = await h.SubscribeAsync(Platforms.Slack, "s1");
        h.ShareStory("Shared on Discord", h.Now.AddHours(1));
        h.Deliveries.FailUpdateWhen = r => r.Status == DeliveryStatus.Sent; // the process dies after Slack accepted the post

        await h.AdvanceToAsync(Utc("2026-11-23T09:00:00Z"));
        var pending = Assert.Single(h.Records(DeliveryKind.Digest));
        Assert.Equal(DeliveryStatus.Pending, pending.Status);
        await h.RestartAsync();
        await h.AdvanceToAsync(Utc("2026-11-23T10:00:00Z"));

        // Slack has no idempotency key: at most one repeat, with the same delivery key, and never a third.
        var calls = h.Slack.Calls;
        Assert.Equal(2, calls.Count);
        Assert.Equal(pending.Key, calls[0].DeliveryKey);
        Assert.Equal(pending.Key, calls[1].DeliveryKey);
        var sent = Assert.Single(h.Records(DeliveryKind.Digest));
        Assert.Equal(DeliveryStatus.Sent, sent.Status);
        Assert.Equal("slack-msg-2", sent.MessageId);
        Assert.Equal(SchedulerHarness.To(slackChannel), sent.Target);
    }

    [Fact]
    public async Task Digest_RestartBetweenPendingAndSentOnDiscord_PostsExactlyOnceThanksToTheNonce()
    {
        await using var h = new SchedulerHarness(Utc("2026-11-18T12:00:00Z"));
        await h.StartAsync();
        await h.SubscribeAsync(Platforms.Discord, "d1");
        h.ShareStory("A story", h.Now.AddHours(1));
        h.ShareStory("Next week's story", h.Now.AddDays(7));
        h.Deliveries.FailUpdateWhen = r => r.Status == DeliveryStatus.Sent;

        await h.AdvanceToAsync(Utc("2026-11-23T09:00:00Z"));
        await h.RestartAsync();
        await h.AdvanceToAsync(Utc("2026-11-30T10:00:00Z"));

        Assert.Equal(2, h.Discord.Posted.Count); // this week's once, next week's once
        Assert.Equal(3, h.Discord.Calls.Count);  // the resend was absorbed by the nonce
        Assert.Equal("discord-msg-1", h.Records(DeliveryKind.Digest)[0].MessageId);
    }

    [Fact]
    public async Task Digest_CrashAfterAcceptMidFanOut_ExactlyOneDigestPerChannel()
    {
        await using var h = new SchedulerHarness(Utc("2026-11-18T12:00:00Z"));
        await h.StartAsync();
        var channels = new List<ChannelRef>();
        for (var i = 0; i < 12; i++)
        {
            channels.Add(await h.SubscribeAsync(Platforms.Discord, $"c{i:00}"));
        }

        h.ShareStory("For everyone", h.Now.AddHours(1));
        var victim = SchedulerHarness.To(channels[4]);
        h.Deliveries.FailUpdateWhen = r => r.Target == victim && r.Status == DeliveryStatus.Sent;

        await h.AdvanceToAsync(Utc("2026-11-23T09:00:00Z"));
        // Every channel posted; c04's outcome was never recorded (the store "died" there) and it stops no other channel.
        Assert.Equal(12, h.Discord.Posted.Count);
        Assert.NotNull(Assert.Single(h.Records(DeliveryKind.Digest), r => r.Status == DeliveryStatus.Pending).AttemptStartedAt);
        await h.RestartAsync();
        await h.AdvanceToAsync(Utc("2026-11-23T10:00:00Z"));

        Assert.All(channels, c => Assert.Single(h.Discord.PostedTo(SchedulerHarness.To(c))));
        Assert.Equal(12, h.Records(DeliveryKind.Digest).Count(r => r.Status == DeliveryStatus.Sent));
    }

    [Fact]
    public async Task Digest_KilledDuringASendMidFanOut_ExactlyOneDigestPerChannel()
    {
        await using var h = new SchedulerHarness(Utc("2026-11-18T12:00:00Z"), discordHonoursNonce: false);
        await h.StartAsync();
        var channels = new List<ChannelRef>();
        for (var i = 0; i < 8; i++)
        {
            channels.Add(await h.SubscribeAsync(Platforms.Discord, $"c{i}"));
        }

        h.ShareStory("For everyone", h.Now.AddHours(1));
        var hung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        h.Discord.BeforeSend = async (_, _, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 4)
            {
                hung.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct); // the request never completes; the process is stopped
            }
        };

        h.Time.SetUtcNow(Utc("2026-11-23T09:00:00Z"));
        await hung.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        for (var i = 0; i < 6000 && h.Discord.Posted.Count < 7; i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken); // the other sends run beside the hung one (at most ~60 s)
        }

        await h.StopAsync();
        Assert.Equal(7, h.Discord.Posted.Count);
        h.Discord.BeforeSend = null;
        await h.StartAsync();

        Assert.All(channels, c => Assert.Single(h.Discord.PostedTo(SchedulerHarness.To(c))));
    }

    [Fact]
    public async Task Digest_MissedWithinTheGrace_IsSentLateAndMarked()
    {
        await using var h = new SchedulerHarness(Utc("2026-11-18T12:00:00Z"));
        await h.StartAsync();
        var channel = await h.SubscribeAsync(Platforms.Discord, "c1");
        h.ShareStory("A story", h.Now.AddHours(1));
        await h.StopAsync();

        h.Time.SetUtcNow(Utc("2026-11-23T20:00:00Z")); // down at 09:00, back 11 hours later
        await h.StartAsync();

        var posted = Assert.Single(h.Discord.PostedTo(SchedulerHarness.To(channel)));
        Assert.Contains("> Sent late: the bot was offline at Mon 23 Nov 2026, 09:00 GMT (Europe/London).", Flat.Text(posted.Message), StringComparison.Ordinal);
        Assert.True(Assert.Single(h.Records(DeliveryKind.Digest)).Late);
    }

    [Fact]
    public async Task Digest_MissedBeyondTheGrace_IsSkippedAndNextWeekCoversSinceTheLastSentDigest()
    {
        await using var h = new SchedulerHarness(Utc("2026-11-11T12:00:00Z"));
        await h.StartAsync();
        var channel = await h.SubscribeAsync(Platforms.Discord, "c1");
        h.ShareStory("Week one", h.Now.AddHours(1));
        h.ShareStory("Before the outage", Utc("2026-11-18T12:00:00Z"));
        h.ShareStory("After the outage", Utc("2026-11-25T12:00:00Z"));
        await h.AdvanceToAsync(Utc("2026-11-17T00:00:00Z"));
        Assert.Single(h.Posted);
        await h.StopAsync();

        h.Time.SetUtcNow(Utc("2026-11-23T22:00:00Z")); // 13 hours late: more than 12
        await h.StartAsync();
        Assert.Single(h.Posted);
        var skipped = h.Records(DeliveryKind.Digest)[1];
        Assert.Equal(DeliveryStatus.Skipped, skipped.Status);
        Assert.Equal("missed by 13 hours, more than the grace of 12 hours", skipped.Error);

        await h.AdvanceToAsync(Utc("2026-12-01T00:00:00Z"));

        var posted = h.Discord.PostedTo(SchedulerHarness.To(channel));
        Assert.Equal(2, posted.Count);
        var text = Flat.Text(posted[1].Message);
        Assert.Contains("Before the outage", text, StringComparison.Ordinal);
        Assert.Contains("After the outage", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Week one", text, StringComparison.Ordinal);
        Assert.False(h.Records(DeliveryKind.Digest)[2].Late);
    }

    [Fact]
    public async Task Digest_PermanentlyFailingChannel_IsMarkedAndDoesNotBlockTheOthers()
    {
        await using var h = new SchedulerHarness(Utc("2026-11-18T12:00:00Z"));
        await h.StartAsync();
        var a = await h.SubscribeAsync(Platforms.Discord, "a");
        var gone = await h.SubscribeAsync(Platforms.Discord, "b-gone");
        var c = await h.SubscribeAsync(Platforms.Slack, "c");
        h.ShareStory("A story", h.Now.AddHours(1));
        h.Discord.Respond = (target, _) => target == SchedulerHarness.To(gone) ? SendResult.Permanent("Unknown Channel (10003)") : null;

        await h.AdvanceToAsync(Utc("2026-11-23T12:00:00Z"));

        Assert.Single(h.Discord.PostedTo(SchedulerHarness.To(a)));
        Assert.Single(h.Slack.PostedTo(SchedulerHarness.To(c)));
        Assert.Single(h.Discord.Calls, x => x.Target == SchedulerHarness.To(gone)); // not retried
        var settings = h.Stores.Channel(gone)!;
        Assert.Equal("Unknown Channel (10003)", settings.DeliveryProblem);
        Assert.Equal(Utc("2026-11-23T09:00:00Z"), settings.DeliveryProblemAt);
        Assert.Contains(h.Records(DeliveryKind.Digest), r => r.Target == SchedulerHarness.To(gone) && r.Status == DeliveryStatus.Failed);
    }

    [Fact]
    public async Task Digest_TransientFailures_RetryWithBackoffThenSendOnce()
    {
        await using var h = new SchedulerHarness(Utc("2026-11-18T12:00:00Z"));
        await h.StartAsync();
        var channel = await h.SubscribeAsync(Platforms.Slack, "s1");
        h.ShareStory("A story", h.Now.AddHours(1));
        var failures = 2;
        h.Slack.Respond = (_, _) => failures-- > 0 ? SendResult.Transient("503 Service Unavailable") : null;

        await h.AdvanceToAsync(Utc("2026-11-23T10:00:00Z"));

        var posted = Assert.Single(h.Slack.PostedTo(SchedulerHarness.To(channel)));
        Assert.Equal(Utc("2026-11-23T09:01:30Z"), posted.At);
        Assert.Equal([Utc("2026-11-23T09:00:00Z"), Utc("2026-11-23T09:00:30Z"), Utc("2026-11-23T09:01:30Z")], h.Slack.Calls.Select(x => x.At));
        Assert.Equal(3, Assert.Single(h.Records(DeliveryKind.Digest)).Attempts);
    }
}

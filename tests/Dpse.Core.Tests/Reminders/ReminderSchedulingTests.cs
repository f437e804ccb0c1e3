using System.Globalization;
using Dpse.Core.Deliveries;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Tests.Digests;
using Dpse.Core.Tests.Scheduling;
using Dpse.Testing.Scheduling;

namespace Dpse.Core.Tests.Reminders;

public sealed class ReminderSchedulingTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset EventStart = new(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);
    private static readonly ChannelRef Origin = new(Platforms.Slack, "W1", "origin");
    private static readonly ActorRef Alice = new(Platforms.Slack, "T1", "alice");
    private static readonly ActorRef Bob = new(Platforms.Discord, "G1", "bob");
    private static readonly ActorRef Carol = new(Platforms.Discord, "G1", "carol");
    private static readonly ActorRef Dave = new(Platforms.Slack, "T1", "dave");

    private static string Text(SentMessage m) => Flat.Text(m.Message);

    private static List<SentMessage> Reminders(SchedulerHarness h) =>
        [.. h.Posted.Where(p => Text(p).StartsWith("# Starting", StringComparison.Ordinal))];

    private static string Headers(IEnumerable<SentMessage> messages) =>
        string.Join(" | ", messages.Select(m => Text(m).Split('\n')[0]));

    private static async Task<(SchedulerHarness H, ChannelRef Other, CommunityEvent E)> SetUpAsync()
    {
        var h = new SchedulerHarness(Start);
        await h.StartAsync();
        var other = await h.RemindersOnAsync(Platforms.Discord, "reminders");
        await h.SubscribeAsync(Platforms.Discord, "digest-only"); // digest but no reminders: not a target
        var e = await h.AddEventAsync("Open Councils", EventStart, Origin);
        await h.RsvpAsync(e, Alice, RsvpStatus.Going, dm: true);
        await h.RsvpAsync(e, Bob, RsvpStatus.Interested, dm: true);
        await h.RsvpAsync(e, Carol, RsvpStatus.NotGoing, dm: true);
        await h.RsvpAsync(e, Dave, RsvpStatus.Going, dm: false);
        return (h, other, h.Event(e.Number));
    }

    [Fact]
    public async Task Reminders_DefaultOffsets_GoToOriginRemindersChannelsAndOptedInMembersAtTheRightMoments()
    {
        var (h, other, _) = await SetUpAsync();
        await using var _ = h;

        await h.AdvanceToAsync(EventStart.AddMinutes(-59));

        Assert.Equal([EventStart.AddHours(-24), EventStart.AddHours(-1)], h.Slack.PostedTo(SchedulerHarness.To(Origin)).Select(p => p.At));
        Assert.Equal(2, h.Discord.PostedTo(SchedulerHarness.To(other)).Count);
        Assert.Equal(2, h.Slack.PostedTo(SchedulerHarness.To(Alice)).Count);
        Assert.Equal(2, h.Discord.PostedTo(SchedulerHarness.To(Bob)).Count);
        Assert.Empty(h.Discord.PostedTo(SchedulerHarness.To(Carol))); // not going
        Assert.Empty(h.Slack.PostedTo(SchedulerHarness.To(Dave)));    // did not opt in to DMs
        Assert.Equal(8, Reminders(h).Count);

        var first = Text(h.Slack.PostedTo(SchedulerHarness.To(Origin))[0]);
        Assert.StartsWith("# Starting in 24 hours: E-1 Open Councils\n*E-1 Open Councils*\nThu 3 Dec 2026, 14:00 GMT (Europe/London) · 1h\n", first, StringComparison.Ordinal);
        Assert.Contains("> E-1 · 2 going · 1 interested · organised by Org\n[Going] [Interested] [Not going]", first, StringComparison.Ordinal);
        Assert.DoesNotContain("late", first, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("# Starting in 1 hour: E-1 Open Councils", Text(h.Slack.PostedTo(SchedulerHarness.To(Origin))[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminders_EventOffsets_OverrideTheDefaults()
    {
        await using var h = new SchedulerHarness(Start);
        await h.StartAsync();
        await h.AddEventAsync("Quick call", EventStart, Origin, [TimeSpan.FromMinutes(30)]);

        await h.AdvanceToAsync(EventStart);

        var posted = Assert.Single(h.Posted);
        Assert.Equal(EventStart.AddMinutes(-30), posted.At);
        Assert.StartsWith("# Starting in 30 minutes: E-1 Quick call", Text(posted), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminders_StartMoved_SendAMovedNoticeAndDoNotResendPassedOffsetsForTheNewTime()
    {
        var (h, other, e) = await SetUpAsync();
        await using var _ = h;
        await h.AdvanceToAsync(EventStart.AddHours(-20)); // the 24 h reminder went out

        var moved = e with { StartUtc = EventStart.AddHours(2), UpdatedAt = h.Now };
        h.Stores.Replace(moved);
        await h.EventChangedAsync((changes, ct) => changes.StartMovedAsync(e, moved, ct));
        await h.AdvanceToAsync(EventStart.AddHours(3));

        // New 24 h moment (16:00 the day before) had passed at the change: not sent again. Old 1 h moment: nothing.
        Assert.Equal(
            "# Starting in 24 hours: E-1 Open Councils | # Moved: E-1 Open Councils | # Starting in 1 hour: E-1 Open Councils",
            Headers(h.Slack.PostedTo(SchedulerHarness.To(Origin))));
        Assert.Equal([EventStart.AddHours(-24), EventStart.AddHours(-20), EventStart.AddHours(1)], h.Slack.PostedTo(SchedulerHarness.To(Origin)).Select(p => p.At));
        Assert.Equal(3, h.Discord.PostedTo(SchedulerHarness.To(other)).Count);
        Assert.Equal(3, h.Slack.PostedTo(SchedulerHarness.To(Alice)).Count);
        var notice = Text(h.Slack.PostedTo(SchedulerHarness.To(Origin))[1]);
        Assert.Contains("Now Thu 3 Dec 2026, 16:00 GMT (Europe/London), no longer Thu 3 Dec 2026, 14:00 GMT (Europe/London).", notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminders_StartMovedByAWeek_AreSentAgainForTheNewTime()
    {
        var (h, _, e) = await SetUpAsync();
        await using var _ = h;
        await h.AdvanceToAsync(EventStart.AddHours(-20));

        var moved = e with { StartUtc = EventStart.AddDays(7), UpdatedAt = h.Now };
        h.Stores.Replace(moved);
        await h.EventChangedAsync((changes, ct) => changes.StartMovedAsync(e, moved, ct));
        await h.AdvanceToAsync(EventStart.AddDays(8));

        Assert.Equal(
            "# Starting in 24 hours: E-1 Open Councils | # Moved: E-1 Open Councils | # Starting in 24 hours: E-1 Open Councils | # Starting in 1 hour: E-1 Open Councils",
            Headers(h.Slack.PostedTo(SchedulerHarness.To(Origin))));
    }

    [Fact]
    public async Task Reminders_Cancelled_NoticeToChannelsAndEveryoneWhoAnsweredAndNoMoreReminders()
    {
        var (h, other, e) = await SetUpAsync();
        await using var _ = h;
        await h.AdvanceToAsync(EventStart.AddHours(-20));

        var cancelled = e with { Cancelled = true, UpdatedAt = h.Now };
        h.Stores.Replace(cancelled);
        await h.EventChangedAsync((changes, ct) => changes.CancelledAsync(cancelled, "Venue flooded", ct));
        await h.AdvanceToAsync(EventStart.AddHours(2));

        Assert.Equal("# Starting in 24 hours: E-1 Open Councils | # Cancelled: E-1 Open Councils", Headers(h.Slack.PostedTo(SchedulerHarness.To(Origin))));
        Assert.Equal(2, h.Discord.PostedTo(SchedulerHarness.To(other)).Count);
        Assert.Equal("# Cancelled: E-1 Open Councils", Headers(h.Slack.PostedTo(SchedulerHarness.To(Dave)))); // answered going, no DM opt-in: still told
        Assert.Empty(h.Discord.PostedTo(SchedulerHarness.To(Carol)));
        var notice = Text(h.Slack.PostedTo(SchedulerHarness.To(Origin))[1]);
        Assert.Contains("It was due to start Thu 3 Dec 2026, 14:00 GMT (Europe/London). No more reminders will be sent.\n_Reason: _Venue flooded", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("[Going]", notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminders_MissedWhileDown_OnlyTheLatestIsSentLateBeforeTheStart()
    {
        var (h, other, _) = await SetUpAsync();
        await using var _ = h;
        await h.StopAsync();

        h.Time.SetUtcNow(EventStart.AddMinutes(-30)); // down through both moments
        await h.StartAsync();

        var posted = h.Slack.PostedTo(SchedulerHarness.To(Origin));
        var only = Assert.Single(posted);
        Assert.StartsWith("# Starting in 30 minutes: E-1 Open Councils\n> Sent late: the bot was offline when this reminder was due.\n", Text(only), StringComparison.Ordinal);
        Assert.Single(h.Discord.PostedTo(SchedulerHarness.To(other)));
        var records = h.Records(DeliveryKind.Reminder).Where(r => r.Target == SchedulerHarness.To(Origin)).ToList();
        Assert.Equal([DeliveryStatus.Skipped, DeliveryStatus.Sent], records.Select(r => r.Status));
        Assert.Equal("superseded by a later reminder", records[0].Error);
        Assert.True(records[1].Late);
    }

    [Fact]
    public async Task Reminders_MissedUntilAfterTheStart_AreNeverSent()
    {
        var (h, _, _) = await SetUpAsync();
        await using var _ = h;
        await h.StopAsync();

        h.Time.SetUtcNow(EventStart.AddMinutes(10));
        await h.StartAsync();
        await h.AdvanceToAsync(EventStart.AddDays(2));

        Assert.Empty(h.Posted);
    }

    [Fact]
    public async Task Reminders_AddedAfterAnOffsetPassed_SendOnlyTheOffsetsStillAhead()
    {
        await using var h = new SchedulerHarness(EventStart.AddHours(-5));
        await h.StartAsync();
        await h.AddEventAsync("Short notice", EventStart, Origin);

        await h.AdvanceToAsync(EventStart);

        Assert.Equal("# Starting in 1 hour: E-1 Short notice", Headers(h.Posted));
    }

    [Fact]
    public async Task Reminders_RestartAfterSending_NothingRepeats()
    {
        var (h, _, _) = await SetUpAsync();
        await using var _ = h;
        await h.AdvanceToAsync(EventStart.AddHours(-23));
        var before = Reminders(h).Count;
        var calls = h.Discord.Calls.Count + h.Slack.Calls.Count;

        await h.RestartAsync();
        await h.AdvanceToAsync(EventStart.AddHours(-2));

        Assert.Equal(4, before);
        Assert.Equal(before, Reminders(h).Count);
        Assert.Equal(calls, h.Discord.Calls.Count + h.Slack.Calls.Count);
    }

    [Fact]
    public async Task Reminders_ChannelTurnedOnAfterAMoment_GetsOnlyTheMomentsAfterIt()
    {
        var (h, _, _) = await SetUpAsync();
        await using var _ = h;
        await h.AdvanceToAsync(EventStart.AddHours(-20)); // the 24 h reminder went out

        var late = await h.RemindersOnAsync(Platforms.Slack, "late-joiner");
        await h.AdvanceToAsync(EventStart);

        Assert.Equal("# Starting in 1 hour: E-1 Open Councils", Headers(h.Slack.PostedTo(SchedulerHarness.To(late))));
    }

    [Fact]
    public async Task Reminders_PermanentlyFailingDm_DoesNotBlockTheChannels()
    {
        var (h, other, _) = await SetUpAsync();
        await using var _ = h;
        h.Slack.Respond = (target, _) => target == SchedulerHarness.To(Alice) ? Sending.SendResult.Permanent("cannot_dm_bot") : null;

        await h.AdvanceToAsync(EventStart);

        Assert.Empty(h.Slack.PostedTo(SchedulerHarness.To(Alice)));
        Assert.Equal(2, h.Slack.PostedTo(SchedulerHarness.To(Origin)).Count);
        Assert.Equal(2, h.Discord.PostedTo(SchedulerHarness.To(other)).Count);
        Assert.Equal(2, h.Records(DeliveryKind.Reminder).Count(r => r.Target == SchedulerHarness.To(Alice) && r.Status == DeliveryStatus.Failed));
    }

    [Fact]
    public void Human_Durations_ReadNaturally()
    {
        Assert.Equal("24 hours", Core.Reminders.ReminderPlanner.Human(TimeSpan.FromHours(24)));
        Assert.Equal("2 days", Core.Reminders.ReminderPlanner.Human(TimeSpan.FromDays(2)));
        Assert.Equal("1 hour 30 minutes", Core.Reminders.ReminderPlanner.Human(TimeSpan.FromMinutes(90)));
        Assert.Equal("1 minute", Core.Reminders.ReminderPlanner.Human(TimeSpan.FromSeconds(61)));
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"less than a minute"), Core.Reminders.ReminderPlanner.Human(TimeSpan.FromSeconds(20)));
    }
}

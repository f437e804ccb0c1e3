using Dpse.Core.Commands;
using Dpse.Core.Deliveries;
using Dpse.Core.Events;
using Dpse.Core.Messages;
using Dpse.Core.Tests.Support;
using Dpse.Testing;

namespace Dpse.Core.Tests.Events;

public sealed class EventCommandsTests : IDisposable
{
    private const string AddOpenCouncils =
        "/dpse event add title:\"Open Councils\" start:\"2026-12-03 14:00\" tz:Europe/London duration:2h where:\"https://example.org/meet\" description:\"Monthly meetup.\"";

    private readonly TestExchange _exchange = TestExchange.Create();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _exchange.Dispose();

    [Fact]
    public async Task Add_Winter_PostsCardWithZoneNamedAndStoresUtc()
    {
        var reply = await _exchange.RunAsync(AddOpenCouncils, TestExchange.Alice);
        var shown = PlainTextRenderer.Render(reply.Message);

        Assert.Equal(Visibility.Channel, reply.Visibility);
        Assert.Equal(
            "  New event: E-1 · answer with the buttons or /dpse event rsvp E-1 going\n" +
            "E-1 · Open Councils\n===================\n" +
            "When: Thu 3 Dec 2026, 14:00 GMT (Europe/London) for 2h\n" +
            "Where: https://example.org/meet\nOrganiser: Alice\nRSVPs: 0 going · 0 interested\n" +
            "Monthly meetup.\n" +
            "  [Going → /dpse event rsvp 1 going]  [Interested → /dpse event rsvp 1 interested]  [Not going → /dpse event rsvp 1 not-going]",
            shown);
        var ev = (await _exchange.Stores.Events.GetAsync(1, Ct))!;
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero), ev.StartUtc);
        Assert.Equal("2026-12-03T14:00", ev.LocalStart);
        Assert.Equal("Europe/London", ev.TimeZone);
        Assert.Equal(TimeSpan.FromHours(2), ev.Duration);
        Assert.Equal(TestExchange.SlackChannel, ev.Origin);
        Assert.Null(ev.ReminderOffsets);
        Assert.Equal("event.add", Assert.Single(_exchange.Stores.Audit.Entries).Action);
    }

    [Fact]
    public async Task Add_Summer_StoresUtcOneHourEarlierAndShowsBst()
    {
        var shown = await _exchange.RunOkAsync("event add title:Summer start:\"2027-07-01 14:00\" tz:europe/london reminders:1h,24h");

        Assert.Contains("When: Thu 1 Jul 2027, 14:00 BST (Europe/London) for 1h", shown, StringComparison.Ordinal);
        var ev = (await _exchange.Stores.Events.GetAsync(1, Ct))!;
        Assert.Equal(new DateTimeOffset(2027, 7, 1, 13, 0, 0, TimeSpan.Zero), ev.StartUtc);
        Assert.Equal("Europe/London", ev.TimeZone);
        Assert.Equal([TimeSpan.FromHours(24), TimeSpan.FromHours(1)], ev.ReminderOffsets);
    }

    [Fact]
    public async Task Add_NoZone_UsesTheConfiguredDefault()
    {
        await _exchange.RunOkAsync("event add title:Default start:\"2027-06-01 09:00\"");

        var ev = (await _exchange.Stores.Events.GetAsync(1, Ct))!;
        Assert.Equal("Europe/London", ev.TimeZone);
        Assert.Equal(new DateTimeOffset(2027, 6, 1, 8, 0, 0, TimeSpan.Zero), ev.StartUtc);
    }

    [Fact]
    public async Task Add_OtherZone_ShowsThatZone()
    {
        var shown = await _exchange.RunOkAsync("event add title:NYC start:\"2026-12-03 09:00\" tz:America/New_York", TestExchange.Bob, TestExchange.DiscordChannel);

        Assert.Contains("When: Thu 3 Dec 2026, 09:00 EST (America/New_York) for 1h", shown, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero), (await _exchange.Stores.Events.GetAsync(1, Ct))!.StartUtc);
    }

    [Fact]
    public async Task Add_InTheSpringGap_IsRefusedWithTheClocksGoForwardReason()
    {
        var shown = await _exchange.RunFailingAsync("/dpse event add title:Gap start:\"2027-03-28 01:30\" tz:Europe/London");

        Assert.Equal("Error: 2027-03-28 01:30 does not exist in Europe/London: the clocks go forward then. Pick a time outside the change.", shown);
    }

    [Fact]
    public async Task Add_InTheAutumnOverlap_TakesTheFirstBstInstant()
    {
        var shown = await _exchange.RunOkAsync("/dpse event add title:Overlap start:\"2027-10-31 01:30\" tz:Europe/London");

        Assert.Contains("When: Sun 31 Oct 2027, 01:30 BST (Europe/London)", shown, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero), (await _exchange.Stores.Events.GetAsync(1, Ct))!.StartUtc);
    }

    [Theory]
    [InlineData("2026-11-26 09:59", "2026-11-26 09:59 in Europe/London is in the past. Events must start in the future.")]
    [InlineData("2026-11-26 10:00", "2026-11-26 10:00 in Europe/London is in the past. Events must start in the future.")]
    [InlineData("2020-01-01 10:00", "2020-01-01 10:00 in Europe/London is in the past. Events must start in the future.")]
    [InlineData("9999-12-31 23:00", "9999-12-31 23:00 is out of range. Pick a date between the years 2 and 9998.")]
    public async Task Add_StartInThePastOrOutOfRange_IsRefused(string start, string error)
    {
        var shown = await _exchange.RunFailingAsync($"event add title:Late start:\"{start}\" tz:Europe/London");

        Assert.Equal($"Error: {error}", shown);
    }

    [Fact]
    public async Task Add_OneMinuteFromNow_IsAccepted()
    {
        await _exchange.RunOkAsync("event add title:Soon start:\"2026-11-26 10:01\" tz:UTC");

        Assert.NotNull(await _exchange.Stores.Events.GetAsync(1, Ct));
    }

    [Theory]
    [InlineData("ftp://example.org/x")]
    [InlineData("javascript://alert(1)")]
    [InlineData("Civic Hall, see ftp://example.org/x")]
    [InlineData("://nowhere")]
    public async Task Add_NonHttpLink_IsRefused(string where)
    {
        var shown = await _exchange.RunFailingAsync($"event add title:T start:\"2027-01-05 10:00\" where:\"{where}\"");

        Assert.Equal("Error: where must be a place or an http/https link.", shown);
    }

    [Theory]
    [InlineData("Leeds Civic Hall")]
    [InlineData("https://example.org/meet")]
    [InlineData("HTTP://EXAMPLE.ORG")]
    [InlineData("Civic Hall, stream at https://example.org/live")]
    public async Task Add_PlaceOrHttpLink_IsAccepted(string where)
    {
        var shown = await _exchange.RunOkAsync($"event add title:T start:\"2027-01-05 10:00\" where:\"{where}\"");

        Assert.Contains($"Where: {where}\n", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_HugeDuration_IsUsageErrorNotCrash()
    {
        var shown = await _exchange.RunFailingAsync("event add title:T start:\"2027-01-05 10:00\" duration:9999999999");

        Assert.StartsWith("Error: Duration '9999999999' is not a duration", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_ListsGoingNamesAndButtons()
    {
        await _exchange.RunOkAsync(AddOpenCouncils, TestExchange.Alice);
        await _exchange.RunOkAsync("event rsvp E-1 going", TestExchange.Bob);
        await _exchange.RunOkAsync("event rsvp E-1 interested", TestExchange.Mona);

        var reply = await _exchange.RunAsync("event show e1", TestExchange.Bob);
        var shown = PlainTextRenderer.Render(reply.Message);

        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        Assert.Contains("RSVPs: 1 going · 1 interested\n", shown, StringComparison.Ordinal);
        Assert.Contains("  Going: Bob\n", shown, StringComparison.Ordinal);
        Assert.Contains("[Going → /dpse event rsvp 1 going]", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Missing_IsNotFound()
    {
        var shown = await _exchange.RunFailingAsync("event show E-9");

        Assert.Equal("Error: E-9 was not found. See upcoming events with /dpse event list.", shown);
    }

    [Fact]
    public async Task List_SoonestFirstWithoutPastCancelledOrHidden()
    {
        await _exchange.RunOkAsync("event add title:Later start:\"2027-02-01 10:00\" tz:UTC");
        await _exchange.RunOkAsync("event add title:Sooner start:\"2026-12-01 10:00\" tz:UTC");
        await _exchange.RunOkAsync("event add title:Cancelled start:\"2026-12-02 10:00\" tz:UTC");
        await _exchange.RunOkAsync("event add title:Hidden start:\"2026-12-02 11:00\" tz:UTC");
        await _exchange.RunOkAsync("event add title:Past start:\"2026-11-26 11:00\" tz:UTC");
        await _exchange.RunOkAsync("event cancel E-3");
        await _exchange.RunOkAsync("mod hide E-4", TestExchange.Mona);
        _exchange.Time.Advance(TimeSpan.FromHours(3));

        var member = await _exchange.RunOkAsync("event list", TestExchange.Bob);
        var moderator = await _exchange.RunOkAsync("event list", TestExchange.Mona);

        Assert.StartsWith("Upcoming events\n", member, StringComparison.Ordinal);
        Assert.True(member.IndexOf("E-2 · Sooner", StringComparison.Ordinal) < member.IndexOf("E-1 · Later", StringComparison.Ordinal));
        Assert.DoesNotContain("E-3", member, StringComparison.Ordinal);
        Assert.DoesNotContain("E-4", member, StringComparison.Ordinal);
        Assert.DoesNotContain("E-5", member, StringComparison.Ordinal);
        Assert.Contains("E-4 · Hidden", moderator, StringComparison.Ordinal);
        Assert.Contains("Page 1 of 1", member, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_None_InvitesAnEvent()
    {
        var shown = await _exchange.RunOkAsync("event list");

        Assert.Equal("Upcoming events\n===============\nNo upcoming events. Add one with /dpse event add.", shown);
    }

    [Fact]
    public async Task List_Paged_ByFive()
    {
        for (var i = 1; i <= 6; i++)
        {
            await _exchange.RunOkAsync($"event add title:\"Meetup {i}\" start:\"2026-12-{i:00} 10:00\" tz:UTC");
        }

        var first = await _exchange.RunOkAsync("event list");
        var second = await _exchange.RunOkAsync("event list page:2");
        var third = await _exchange.RunFailingAsync("event list page:3");

        Assert.Contains("[Next page → /dpse event list page:2]", first, StringComparison.Ordinal);
        Assert.DoesNotContain("E-6", first, StringComparison.Ordinal);
        Assert.Contains("E-6 · Meetup 6", second, StringComparison.Ordinal);
        Assert.Equal("Error: Page 3 is past the end: there are 2 pages.", third);
    }

    [Fact]
    public async Task Edit_ByNonOrganiser_IsRefused()
    {
        await _exchange.RunOkAsync(AddOpenCouncils, TestExchange.Alice);

        var shown = await _exchange.RunFailingAsync("event edit E-1 title:Mine", TestExchange.Bob);

        Assert.Equal("Error: Only the organiser of E-1 or a moderator can edit it.", shown);
    }

    [Fact]
    public async Task Edit_StartByOrganiser_MovesTheEventAndSaysSo()
    {
        await _exchange.RunOkAsync(AddOpenCouncils, TestExchange.Alice);

        var shown = await _exchange.RunOkAsync("event edit E-1 start:\"2027-07-01 18:00\"", TestExchange.Alice);

        Assert.StartsWith("  Updated E-1: start. The start moved; people who answered will be told.\n", shown, StringComparison.Ordinal);
        Assert.Contains("When: Thu 1 Jul 2027, 18:00 BST (Europe/London) for 2h", shown, StringComparison.Ordinal);
        var ev = (await _exchange.Stores.Events.GetAsync(1, Ct))!;
        Assert.Equal(new DateTimeOffset(2027, 7, 1, 17, 0, 0, TimeSpan.Zero), ev.StartUtc);
        Assert.Equal("2027-07-01T18:00", ev.LocalStart);
    }

    [Fact]
    public async Task Edit_ZoneOnly_KeepsLocalTimeAndRecomputesUtc()
    {
        await _exchange.RunOkAsync(AddOpenCouncils, TestExchange.Alice);

        await _exchange.RunOkAsync("event edit E-1 tz:America/New_York", TestExchange.Mona);

        var ev = (await _exchange.Stores.Events.GetAsync(1, Ct))!;
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 19, 0, 0, TimeSpan.Zero), ev.StartUtc);
        Assert.Equal("America/New_York", ev.TimeZone);
        Assert.Equal(TestExchange.Alice.Ref, ev.Organiser);
    }

    [Fact]
    public async Task Edit_TitleOnly_DoesNotSayTheStartMoved()
    {
        await _exchange.RunOkAsync(AddOpenCouncils, TestExchange.Alice);

        var shown = await _exchange.RunOkAsync("event edit E-1 title:\"Open Councils II\"", TestExchange.Alice);

        Assert.StartsWith("  Updated E-1: title.\nE-1 · Open Councils II\n", shown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("event edit E-1", "Nothing to change: give at least one field. Usage: /dpse event edit")]
    [InlineData("event edit E-1 start:\"2027-03-28 01:30\"", "2027-03-28 01:30 does not exist in Europe/London: the clocks go forward then.")]
    [InlineData("event edit E-1 start:\"2026-11-01 10:00\"", "2026-11-01 10:00 in Europe/London is in the past.")]
    [InlineData("event edit E-1 where:ftp://x", "where must be a place or an http/https link.")]
    [InlineData("event edit E-2 title:x", "E-2 was not found.")]
    public async Task Edit_BadChange_IsErrorAndChangesNothing(string text, string error)
    {
        await _exchange.RunOkAsync(AddOpenCouncils, TestExchange.Alice);

        var shown = await _exchange.RunFailingAsync(text, TestExchange.Alice);

        Assert.StartsWith($"Error: {error}", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_ByOrganiserWithReason_PostsNoticeAndRefusesRsvpAndEdit()
    {
        await _exchange.RunOkAsync(AddOpenCouncils, TestExchange.Alice);
        await _exchange.RunOkAsync("event rsvp E-1 going", TestExchange.Bob);

        var reply = await _exchange.RunAsync("event cancel E-1 reason:\"Venue closed\"", TestExchange.Alice);
        var shown = PlainTextRenderer.Render(reply.Message);

        Assert.Equal(Visibility.Channel, reply.Visibility);
        Assert.Equal(Tone.Warning, reply.Message.Tone);
        Assert.StartsWith("  E-1 has been cancelled. Reason: Venue closed\nCancelled: E-1 · Open Councils\n", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("[Going", shown, StringComparison.Ordinal);
        var ev = (await _exchange.Stores.Events.GetAsync(1, Ct))!;
        Assert.True(ev.Cancelled);
        Assert.Single(ev.Rsvps);
        Assert.Equal("Venue closed", _exchange.Stores.Audit.Entries[^1].Detail);
        Assert.Equal("Error: E-1 is cancelled.", await _exchange.RunFailingAsync("event rsvp E-1 interested", TestExchange.Mona));
        Assert.Equal("Error: E-1 is already cancelled.", await _exchange.RunFailingAsync("event cancel E-1", TestExchange.Alice));
        Assert.Equal("Error: E-1 is cancelled; add a new event instead.", await _exchange.RunFailingAsync("event edit E-1 title:x", TestExchange.Alice));
    }

    [Fact]
    public async Task Cancel_ByNonOrganiser_IsRefusedByModeratorAllowed()
    {
        await _exchange.RunOkAsync(AddOpenCouncils, TestExchange.Alice);

        var refused = await _exchange.RunFailingAsync("event cancel E-1", TestExchange.Bob);
        await _exchange.RunOkAsync("event cancel E-1", TestExchange.Mona);

        Assert.Equal("Error: Only the organiser of E-1 or a moderator can cancel it.", refused);
        Assert.True((await _exchange.Stores.Events.GetAsync(1, Ct))!.Cancelled);
    }

    [Fact]
    public async Task Rsvp_Going_ConfirmsPrivatelyWithTimeAndCounts()
    {
        await _exchange.RunOkAsync(AddOpenCouncils, TestExchange.Alice);

        var reply = await _exchange.RunAsync("/dpse event rsvp E-1 going", TestExchange.Bob);

        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        Assert.Equal(Tone.Success, reply.Message.Tone);
        Assert.Equal(
            "You're going to E-1 · Open Councils, Thu 3 Dec 2026, 14:00 GMT (Europe/London).\n  1 going · 0 interested · turn on reminder DMs with /dpse reminders on dm",
            PlainTextRenderer.Render(reply.Message));
    }

    [Fact]
    public async Task Rsvp_Again_ReplacesTheEarlierAnswer()
    {
        await _exchange.RunOkAsync(AddOpenCouncils, TestExchange.Alice);
        await _exchange.RunOkAsync("event rsvp E-1 going", TestExchange.Bob);

        var shown = await _exchange.RunOkAsync("event rsvp E-1 not going", TestExchange.Bob);

        Assert.StartsWith("You're not going to E-1", shown, StringComparison.Ordinal);
        Assert.Contains("0 going · 0 interested", shown, StringComparison.Ordinal);
        var rsvp = Assert.Single((await _exchange.Stores.Events.GetAsync(1, Ct))!.Rsvps);
        Assert.Equal((TestExchange.Bob.Ref, RsvpStatus.NotGoing), (rsvp.Person, rsvp.Status));
    }

    [Fact]
    public async Task Rsvp_FromButton_ReplacesTheCardWithNewCounts()
    {
        await _exchange.RunOkAsync(AddOpenCouncils, TestExchange.Alice);

        var reply = await _exchange.Dispatcher.DispatchActionAsync(ActionIds.Rsvp(1, RsvpStatus.Interested), TestExchange.Bob, TestExchange.DiscordChannel, Ct);

        Assert.True(reply.ReplacesCard);
        Assert.Contains("RSVPs: 0 going · 1 interested", PlainTextRenderer.Render(reply.Message), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rsvp_AfterTheEnd_IsRefused()
    {
        await _exchange.RunOkAsync(AddOpenCouncils, TestExchange.Alice);
        _exchange.Time.SetUtcNow(new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero));

        var shown = await _exchange.RunFailingAsync("event rsvp E-1 going", TestExchange.Bob);

        Assert.Equal("Error: E-1 is over.", shown);
    }

    [Fact]
    public async Task Rsvp_HiddenEventByMember_IsNotFound()
    {
        await _exchange.RunOkAsync(AddOpenCouncils, TestExchange.Alice);
        await _exchange.RunOkAsync("mod hide E-1", TestExchange.Mona);

        var shown = await _exchange.RunFailingAsync("event rsvp E-1 going", TestExchange.Bob);

        Assert.Equal("Error: E-1 was not found. See upcoming events with /dpse event list.", shown);
    }

    [Fact]
    public async Task EditStartAndCancel_RecordNoticesForPeopleWhoAnswered()
    {
        await _exchange.RunOkAsync(AddOpenCouncils, TestExchange.Alice);
        await _exchange.RunOkAsync("event edit E-1 title:\"Open Councils II\"", TestExchange.Alice);
        var afterTitle = _exchange.Deliveries.All.Count(d => d.Kind is DeliveryKind.EventMoved or DeliveryKind.EventCancelled);

        await _exchange.RunOkAsync("event edit E-1 start:\"2026-12-04 14:00\"", TestExchange.Alice);
        await _exchange.RunOkAsync("event cancel E-1 reason:\"Venue closed\"", TestExchange.Alice);

        Assert.Equal(0, afterTitle);
        var moved = Assert.Single(_exchange.Deliveries.All, d => d.Kind == DeliveryKind.EventMoved);
        Assert.Equal((new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 4, 14, 0, 0, TimeSpan.Zero)), (moved.PreviousEventStart, moved.EventStart));
        var cancelled = Assert.Single(_exchange.Deliveries.All, d => d.Kind == DeliveryKind.EventCancelled);
        Assert.Equal("Venue closed", cancelled.Note);
    }

    [Fact]
    public async Task List_PastTheOnlyPage_SaysOnePage()
    {
        await _exchange.RunOkAsync(AddOpenCouncils);

        Assert.Equal("Error: Page 2 is past the end: there is 1 page.", await _exchange.RunFailingAsync("event list page:2"));
    }
}

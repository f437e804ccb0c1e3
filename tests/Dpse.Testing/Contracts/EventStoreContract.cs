using Dpse.Core.Events;
using Dpse.Core.Stories;
using Dpse.Core.Writes;
using Xunit;
using static Dpse.Testing.Contracts.ContractData;

namespace Dpse.Testing.Contracts;

/// <summary>What every <see cref="IEventStore"/> must do. Subclass once per provider.</summary>
public abstract class EventStoreContract : StoreContract
{
    [Fact]
    public async Task Add_TwoDrafts_AreNumberedE1ThenE2AndAuditedUnderTheNewId()
    {
        await using var stores = await CreateStoresAsync();

        var first = await stores.Events.AddAsync(Event("One", Day(10)) with { Number = 8 }, AuditBy(Ann, "event add"), Ct);
        var second = await stores.Events.AddAsync(Event("Two", Day(11)), AuditBy(Bob, "event add"), Ct);

        Assert.Equal(("E-1", "E-2"), (first.Id, second.Id));
        Assert.Equal(["E-2", "E-1"], (await stores.Audit.ListAsync(null, 10, Ct)).Select(e => e.Target));
        Assert.Null(await stores.Events.GetAsync(3, Ct));
    }

    [Fact]
    public async Task Add_EveryField_RoundTripsThroughGet()
    {
        await using var stores = await CreateStoresAsync();
        var draft = FullEvent();

        var added = await stores.Events.AddAsync(draft, AuditBy(Bob, "event add"), Ct);

        AssertSame(draft with { Number = 1 }, added);
        AssertSame(draft with { Number = 1 }, await stores.Events.GetAsync(1, Ct));
    }

    [Fact]
    public async Task Add_DefaultAndEmptyReminderOffsets_StayDistinct()
    {
        await using var stores = await CreateStoresAsync();

        await stores.Events.AddAsync(Event("Defaults", Day(10)) with { ReminderOffsets = null }, AuditBy(Ann, "event add"), Ct);
        await stores.Events.AddAsync(Event("None", Day(10)) with { ReminderOffsets = [] }, AuditBy(Ann, "event add"), Ct);

        Assert.Null((await stores.Events.GetAsync(1, Ct))!.ReminderOffsets);
        Assert.Empty((await stores.Events.GetAsync(2, Ct))!.ReminderOffsets!);
    }

    [Fact]
    public async Task UpdateDetails_EveryDetailChangedOrCleared_WritesDetailsOnly()
    {
        await using var stores = await CreateStoresAsync();
        var added = await stores.Events.AddAsync(FullEvent(), AuditBy(Bob, "event add"), Ct);
        var changed = added with
        {
            Title = "Open Councils (moved)",
            Description = null,
            StartUtc = Day(24, 15, 30),
            LocalStart = "2026-11-24T15:30",
            TimeZone = "America/New_York",
            Duration = TimeSpan.FromHours(2),
            Location = null,
            ReminderOffsets = null,
            UpdatedAt = Day(20, 1, 2, 3),
        };

        // RSVPs, cancellation, status, organiser and origin are not the edit's to write, whatever the caller hands in.
        var result = await stores.Events.UpdateDetailsAsync(
            changed with { Origin = null, Cancelled = false, Status = ContentStatus.Published, Rsvps = [], Organiser = Ann, OrganiserName = "Ann" },
            AuditBy(Bob, "event edit", added.Id), Ct);

        Assert.Equal(WriteStatus.Done, result.Status);
        AssertSame(changed, result.Value);
        AssertSame(changed, await stores.Events.GetAsync(added.Number, Ct));
        Assert.Equal(added.Version + 1, (await stores.Events.GetAsync(added.Number, Ct))!.Version);
    }

    [Fact]
    public async Task UpdateDetails_UnknownNumber_NotFoundAndRecordsNoAudit()
    {
        await using var stores = await CreateStoresAsync();

        var result = await stores.Events.UpdateDetailsAsync(Event("Ghost", Day(10)) with { Number = 4 }, AuditBy(Ann, "event edit", "E-4"), Ct);

        Assert.Equal(WriteStatus.NotFound, result.Status);
        Assert.Empty(await stores.Audit.ListAsync(null, 10, Ct));
    }

    [Fact]
    public async Task UpdateDetails_StaleVersionAfterCancel_ConflictWritesNothing()
    {
        await using var stores = await CreateStoresAsync();
        var read = await stores.Events.AddAsync(Event("Meetup", Day(10)), AuditBy(Ann, "event add"), Ct);
        var cancel = await stores.Events.CancelAsync(read.Number, Day(2), AuditBy(Ann, "event cancel", read.Id), Ct);
        var again = await stores.Events.CancelAsync(read.Number, Day(3), AuditBy(Ann, "event cancel", read.Id), Ct);

        var stale = await stores.Events.UpdateDetailsAsync(read with { Title = "Renamed" }, AuditBy(Ann, "event edit", read.Id), Ct);

        Assert.Equal((WriteStatus.Done, WriteStatus.Unchanged, WriteStatus.Conflict), (cancel.Status, again.Status, stale.Status));
        var stored = (await stores.Events.GetAsync(read.Number, Ct))!;
        Assert.Equal(("Meetup", true, Day(2)), (stored.Title, stored.Cancelled, stored.UpdatedAt));
        Assert.Equal(["event cancel", "event add"], (await stores.Audit.ListAsync(read.Id, 10, Ct)).Select(e => e.Action));
    }

    [Fact]
    public async Task SetStatus_HideThenHideAgain_SecondUnchangedAndKeepsRsvps()
    {
        await using var stores = await CreateStoresAsync();
        var ev = await stores.Events.AddAsync(Event("Meetup", Day(10)), AuditBy(Ann, "event add"), Ct);
        await stores.Events.SetRsvpAsync(ev.Number, new Rsvp(Bob, "Bob", RsvpStatus.Going, Day(2)), AuditBy(Bob, "event rsvp", ev.Id), Ct);

        var hide = await stores.Events.SetStatusAsync(ev.Number, ContentStatus.Hidden, Day(3), AuditBy(Mo, "mod hide", ev.Id), Ct);
        var again = await stores.Events.SetStatusAsync(ev.Number, ContentStatus.Hidden, Day(4), AuditBy(Mo, "mod hide", ev.Id), Ct);

        Assert.Equal((WriteStatus.Done, WriteStatus.Unchanged), (hide.Status, again.Status));
        Assert.Equal((ContentStatus.Hidden, 1), (again.Value!.Status, again.Value.Rsvps.Count));
        Assert.Single(await stores.Audit.ListAsync(ev.Id, 10, Ct), e => e.Action == "mod hide");
    }

    [Fact]
    public async Task SetRsvp_SamePersonAgain_ReplacesTheirAnswer()
    {
        await using var stores = await CreateStoresAsync();
        var added = await stores.Events.AddAsync(Event("Meetup", Day(10)), AuditBy(Ann, "event add"), Ct);

        await stores.Events.SetRsvpAsync(added.Number, new Rsvp(Bob, "Bob", RsvpStatus.Going, Day(2)), AuditBy(Bob, "event rsvp", added.Id), Ct);
        await stores.Events.SetRsvpAsync(added.Number, new Rsvp(Mo, "Mo", RsvpStatus.Interested, Day(3)), AuditBy(Mo, "event rsvp", added.Id), Ct);
        var updated = await stores.Events.SetRsvpAsync(added.Number, new Rsvp(Bob, "Bob", RsvpStatus.NotGoing, Day(4, 9, 0, 77)), AuditBy(Bob, "event rsvp", added.Id), Ct);

        var read = await stores.Events.GetAsync(added.Number, Ct);
        Assert.Equal(WriteStatus.Done, updated.Status);
        foreach (var e in new[] { updated.Value!, read! })
        {
            Assert.Equal([(Bob, RsvpStatus.NotGoing, Day(4, 9, 0, 77)), (Mo, RsvpStatus.Interested, Day(3))], e.Rsvps.Select(r => (r.Person, r.Status, r.At)).OrderBy(r => r.Person.UserId == Bob.UserId ? 0 : 1));
            Assert.Equal((0, 1, 1), (e.Count(RsvpStatus.Going), e.Count(RsvpStatus.Interested), e.Count(RsvpStatus.NotGoing)));
        }

        Assert.Equal(4, (await stores.Audit.ListAsync(added.Id, 10, Ct)).Count);
    }

    [Fact]
    public async Task SetRsvp_UnknownEvent_NotFoundAndRecordsNoAudit()
    {
        await using var stores = await CreateStoresAsync();

        Assert.Equal(WriteStatus.NotFound, (await stores.Events.SetRsvpAsync(5, new Rsvp(Bob, "Bob", RsvpStatus.Going, Day(2)), AuditBy(Bob, "event rsvp", "E-5"), Ct)).Status);
        Assert.Empty(await stores.Audit.ListAsync(null, 10, Ct));
    }

    [Fact]
    public async Task ListStartingBetween_HalfOpenRange_CancelledAndHiddenIncludedSoonestFirst()
    {
        await using var stores = await CreateStoresAsync();
        await stores.Events.AddAsync(Event("Before", Day(9, 23, 59, 999)), AuditBy(Ann, "event add"), Ct);
        var late = await stores.Events.AddAsync(Event("Late", Day(12)) with { Cancelled = true }, AuditBy(Ann, "event add"), Ct);
        var first = await stores.Events.AddAsync(Event("First", Day(10, 0, 0)) with { Status = ContentStatus.Hidden }, AuditBy(Ann, "event add"), Ct);
        await stores.Events.AddAsync(Event("At end", Day(17, 0, 0)), AuditBy(Ann, "event add"), Ct);

        var listed = await stores.Events.ListStartingBetweenAsync(Day(10, 0, 0), Day(17, 0, 0), Ct);

        Assert.Equal([first.Id, late.Id], listed.Select(e => e.Id));
    }

    [Fact]
    public async Task ListInvolving_OrganisedOrAnswered()
    {
        await using var stores = await CreateStoresAsync();
        var organised = await stores.Events.AddAsync(Event("Bob's", Day(10), Bob), AuditBy(Bob, "event add"), Ct);
        var answered = await stores.Events.AddAsync(Event("Ann's", Day(11)), AuditBy(Ann, "event add"), Ct);
        await stores.Events.AddAsync(Event("Unrelated", Day(12)), AuditBy(Ann, "event add"), Ct);
        await stores.Events.SetRsvpAsync(answered.Number, new Rsvp(Bob, "Bob", RsvpStatus.Interested, Day(2)), AuditBy(Bob, "event rsvp", answered.Id), Ct);

        var listed = await stores.Events.ListInvolvingAsync(Bob, Ct);

        Assert.Equal([organised.Id, answered.Id], listed.Select(e => e.Id).Order());
    }

    [Fact]
    public async Task Import_KeepsNumbersAndLaterAddsContinueAfterTheHighest()
    {
        await using var stores = await CreateStoresAsync();
        await stores.Events.AddAsync(Event("Old", Day(10)), AuditBy(Ann, "event add"), Ct);
        var imported = new[] { FullEvent() with { Number = 7 }, Event("Replaced", Day(10)) with { Number = 1 } };

        await stores.Events.ImportAsync(imported, AuditBy(Mo, "import", "events"), Ct);
        var next = await stores.Events.AddAsync(Event("Next", Day(12)), AuditBy(Ann, "event add"), Ct);

        Assert.Equal("E-8", next.Id);
        Assert.Equal(["E-1", "E-7", "E-8"], (await stores.Events.ListAllAsync(Ct)).Select(e => e.Id));
        Assert.Equal("Replaced", (await stores.Events.GetAsync(1, Ct))!.Title);
        AssertSame(imported[0], await stores.Events.GetAsync(7, Ct));
        Assert.Equal("import", (await stores.Audit.ListAsync("events", 10, Ct)).Single().Action);
    }
}

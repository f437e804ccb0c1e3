using Dpse.Core.Events;
using Dpse.Core.Stories;
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
    public async Task Update_EveryFieldChangedOrCleared_RoundTripsThroughGet()
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
            Origin = null,
            ReminderOffsets = null,
            Cancelled = false,
            Status = ContentStatus.Published,
            Rsvps = [],
            UpdatedAt = Day(20, 1, 2, 3),
        };

        await stores.Events.UpdateAsync(changed, AuditBy(Bob, "event edit", added.Id), Ct);

        AssertSame(changed, await stores.Events.GetAsync(added.Number, Ct));
    }

    [Fact]
    public async Task Update_UnknownNumber_ThrowsAndRecordsNoAudit()
    {
        await using var stores = await CreateStoresAsync();

        await Assert.ThrowsAnyAsync<InvalidOperationException>(
            () => stores.Events.UpdateAsync(Event("Ghost", Day(10)) with { Number = 4 }, AuditBy(Ann, "event edit", "E-4"), Ct));

        Assert.Empty(await stores.Audit.ListAsync(null, 10, Ct));
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
        foreach (var e in new[] { updated!, read! })
        {
            Assert.Equal([(Bob, RsvpStatus.NotGoing, Day(4, 9, 0, 77)), (Mo, RsvpStatus.Interested, Day(3))], e.Rsvps.Select(r => (r.Person, r.Status, r.At)).OrderBy(r => r.Person.UserId == Bob.UserId ? 0 : 1));
            Assert.Equal((0, 1, 1), (e.Count(RsvpStatus.Going), e.Count(RsvpStatus.Interested), e.Count(RsvpStatus.NotGoing)));
        }

        Assert.Equal(4, (await stores.Audit.ListAsync(added.Id, 10, Ct)).Count);
    }

    [Fact]
    public async Task SetRsvp_UnknownEvent_ReturnsNullAndRecordsNoAudit()
    {
        await using var stores = await CreateStoresAsync();

        Assert.Null(await stores.Events.SetRsvpAsync(5, new Rsvp(Bob, "Bob", RsvpStatus.Going, Day(2)), AuditBy(Bob, "event rsvp", "E-5"), Ct));
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

using Xunit;
using static Dpse.Testing.Contracts.ContractData;

namespace Dpse.Testing.Contracts;

/// <summary>What every <see cref="Core.Audit.IAuditLog"/> must do. Subclass once per provider.</summary>
public abstract class AuditLogContract : StoreContract
{
    [Fact]
    public async Task Append_AssignsIncreasingIds_ListNewestFirstWithLimitAndTarget()
    {
        await using var stores = await CreateStoresAsync();

        await stores.Audit.AppendAsync(AuditBy(Mo, "mod export", "stories", Day(1, 9, 0, 111), "12 stories"), Ct);
        await stores.Audit.AppendAsync(AuditBy(Ann, "me export", Ann.Key, Day(2)), Ct);
        await stores.Audit.AppendAsync(AuditBy(Mo, "mod export", "stories", Day(3)), Ct);

        var all = await stores.Audit.ListAsync(null, 10, Ct);
        var limited = await stores.Audit.ListAsync(null, 2, Ct);
        var exports = await stores.Audit.ListAsync("stories", 10, Ct);

        Assert.Equal([Day(3), Day(2), Day(1, 9, 0, 111)], all.Select(e => e.At));
        Assert.True(all[0].Id > all[1].Id && all[1].Id > all[2].Id && all[2].Id > 0);
        Assert.Equal(all.Take(2).Select(e => e.Id), limited.Select(e => e.Id));
        Assert.Equal([Day(3), Day(1, 9, 0, 111)], exports.Select(e => e.At));
        AssertSame(AuditBy(Mo, "mod export", "stories", Day(1, 9, 0, 111), "12 stories") with { Id = all[2].Id }, all[2]);
        Assert.Null(all[0].Detail);
    }

    [Fact]
    public async Task ListByActor_OnlyThatPersonNewestFirst()
    {
        await using var stores = await CreateStoresAsync();
        await stores.Audit.AppendAsync(AuditBy(Ann, "first", "x", Day(1)), Ct);
        await stores.Audit.AppendAsync(AuditBy(Bob, "other", "x", Day(2)), Ct);
        await stores.Audit.AppendAsync(AuditBy(Ann, "second", "x", Day(3)), Ct);
        await stores.Audit.AppendAsync(AuditBy(Ann with { Platform = Bob.Platform }, "twin", "x", Day(4)), Ct);

        Assert.Equal(["second", "first"], (await stores.Audit.ListByActorAsync(Ann, Ct)).Select(e => e.Action));
    }

    [Fact]
    public async Task RedactActor_ReplacesIdentityAndNameInTheirEntriesOnly()
    {
        await using var stores = await CreateStoresAsync();
        var forgotten = Ann with { UserId = "forgotten-1" };
        await stores.Audit.AppendAsync(AuditBy(Ann, "first", "S-1", Day(1)) with { ActorName = "Ann Example" }, Ct);
        await stores.Audit.AppendAsync(AuditBy(Bob, "other", "S-1", Day(2)) with { ActorName = "Bob Example" }, Ct);
        await stores.Audit.AppendAsync(AuditBy(Ann, "second", "S-1", Day(3)) with { ActorName = "Ann Example" }, Ct);

        var count = await stores.Audit.RedactActorAsync(Ann, forgotten, Ct);

        Assert.Equal(2, count);
        Assert.Empty(await stores.Audit.ListByActorAsync(Ann, Ct));
        Assert.Equal(["second", "first"], (await stores.Audit.ListByActorAsync(forgotten, Ct)).Select(e => e.Action));
        var all = await stores.Audit.ListAsync("S-1", 10, Ct);
        Assert.DoesNotContain(all, e => e.ActorName.Contains("Ann", StringComparison.Ordinal) || e.Actor == Ann);
        Assert.Equal("Bob Example", all.Single(e => e.Actor == Bob).ActorName);
        Assert.Equal(0, await stores.Audit.RedactActorAsync(Ann, forgotten, Ct));
    }

    [Fact]
    public async Task StoreWrites_AndAppends_ShareOneIncreasingSequence()
    {
        await using var stores = await CreateStoresAsync();

        var story = await stores.Stories.AddAsync(Story("Solr", Day(1)), AuditBy(Ann, "story share"), Ct);
        await stores.Audit.AppendAsync(AuditBy(Mo, "mod export", "stories"), Ct);
        var added = await stores.Events.AddAsync(Event("Meetup", Day(10)), AuditBy(Bob, "event add"), Ct);
        await stores.ChannelSettings.SetRemindersAsync(SlackChannel, true, Day(2), AuditBy(Ann, "reminders on", SlackChannel.Key), Ct);
        await stores.MemberSettings.SetReminderDirectMessagesAsync(Bob, true, Day(2), AuditBy(Bob, "reminders on", Bob.Key), Ct);

        var entries = await stores.Audit.ListAsync(null, 10, Ct);

        Assert.Equal([Bob.Key, SlackChannel.Key, added.Id, "stories", story.Id], entries.Select(e => e.Target));
        Assert.Equal(entries.Select(e => e.Id).OrderDescending(), entries.Select(e => e.Id));
        Assert.Equal(entries.Count, entries.Select(e => e.Id).Distinct().Count());
    }
}

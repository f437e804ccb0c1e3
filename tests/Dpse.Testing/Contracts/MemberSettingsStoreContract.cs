using Dpse.Core.Identity;
using Dpse.Core.Members;
using Dpse.Core.Privacy;
using Dpse.Core.Writes;
using Xunit;
using static Dpse.Testing.Contracts.ContractData;

namespace Dpse.Testing.Contracts;

/// <summary>What every <see cref="IMemberSettingsStore"/> must do. Subclass once per provider.</summary>
public abstract class MemberSettingsStoreContract : StoreContract
{
    private static readonly ActorRef Pseudonym = new("erased", "", "0123456789abcdef");

    [Fact]
    public async Task SetGetForget_RoundTripsAndAuditsEachChange()
    {
        await using var stores = await CreateStoresAsync();
        Assert.Null(await stores.MemberSettings.GetAsync(Ann, Ct));

        var on = await stores.MemberSettings.SetReminderDirectMessagesAsync(Ann, true, Day(2, 9, 0, 1), AuditBy(Ann, "reminders on", Ann.Key), Ct);
        AssertSame(new MemberSettings(Ann, true, Day(2, 9, 0, 1)), await stores.MemberSettings.GetAsync(Ann, Ct));
        var same = await stores.MemberSettings.SetReminderDirectMessagesAsync(Ann, true, Day(2, 10), AuditBy(Ann, "reminders on", Ann.Key), Ct);

        await stores.MemberSettings.SetReminderDirectMessagesAsync(Ann, false, Day(3), AuditBy(Ann, "reminders off", Ann.Key), Ct);
        AssertSame(new MemberSettings(Ann, false, Day(3)), await stores.MemberSettings.GetAsync(Ann, Ct));

        var forgotten = await stores.MemberSettings.ForgetPersonAsync(new PersonErasure(Ann, Pseudonym, Day(4)), Ct);
        Assert.Null(await stores.MemberSettings.GetAsync(Ann, Ct));

        Assert.Equal((WriteStatus.Done, WriteStatus.Unchanged, 1), (on.Status, same.Status, forgotten.Removed));
        Assert.Equal(["reminders off", "reminders on"], (await stores.Audit.ListAsync(Ann.Key, 10, Ct)).Select(e => e.Action));
        var entry = Assert.Single(await stores.Audit.ListAsync("member", 10, Ct));
        Assert.Equal((Pseudonym, PersonErasure.FormerMember, "me.forget"), (entry.Actor, entry.ActorName, entry.Action));
    }

    [Fact]
    public async Task ListAll_EveryoneWithSettingsOnOrOff_ButNotTheForgotten()
    {
        await using var stores = await CreateStoresAsync();
        await stores.MemberSettings.SetReminderDirectMessagesAsync(Bob, true, Day(2), AuditBy(Bob, "reminders on"), Ct);
        await stores.MemberSettings.SetReminderDirectMessagesAsync(Ann, true, Day(2, 9, 0, 1), AuditBy(Ann, "reminders on"), Ct);
        await stores.MemberSettings.SetReminderDirectMessagesAsync(Ann, false, Day(3), AuditBy(Ann, "reminders off"), Ct);
        var before = await stores.MemberSettings.ListAllAsync(Ct);

        await stores.MemberSettings.ForgetPersonAsync(new PersonErasure(Bob, Pseudonym, Day(4)), Ct);
        var after = await stores.MemberSettings.ListAllAsync(Ct);

        Assert.Equal(
            new[] { new MemberSettings(Ann, false, Day(3)), new MemberSettings(Bob, true, Day(2)) }.OrderBy(s => s.Person.Key, StringComparer.Ordinal),
            before);
        Assert.Equal([new MemberSettings(Ann, false, Day(3))], after);
    }

    [Fact]
    public async Task SetReminderDirectMessages_BegunBeforeAnErasure_IsRefusedAfterIt()
    {
        await using var stores = await CreateStoresAsync();
        await stores.MemberSettings.ForgetPersonAsync(new PersonErasure(Ann, Pseudonym, Day(4)), Ct);

        var late = await stores.MemberSettings.SetReminderDirectMessagesAsync(Ann, true, Day(4), AuditBy(Ann, "reminders on", Ann.Key), Ct);
        var later = await stores.MemberSettings.SetReminderDirectMessagesAsync(Ann, true, Day(4, 9, 0, 1), AuditBy(Ann, "reminders on", Ann.Key), Ct);

        Assert.Equal((WriteStatus.Erased, WriteStatus.Done), (late.Status, later.Status));
        Assert.Single(await stores.Audit.ListAsync(Ann.Key, 10, Ct));
        Assert.Empty(await stores.Audit.ListAsync("member", 10, Ct)); // nothing was there to remove, so no entry
    }

    [Fact]
    public async Task Settings_OfDifferentPeople_AreKeptApart()
    {
        await using var stores = await CreateStoresAsync();
        var annOnDiscord = Ann with { Platform = Bob.Platform };

        await stores.MemberSettings.SetReminderDirectMessagesAsync(Ann, true, Day(2), AuditBy(Ann, "reminders on"), Ct);
        await stores.MemberSettings.SetReminderDirectMessagesAsync(Bob, false, Day(2), AuditBy(Bob, "reminders off"), Ct);
        await stores.MemberSettings.ForgetPersonAsync(new PersonErasure(Bob, Pseudonym, Day(3)), Ct);

        Assert.True((await stores.MemberSettings.GetAsync(Ann, Ct))!.ReminderDirectMessages);
        Assert.Null(await stores.MemberSettings.GetAsync(annOnDiscord, Ct));
        Assert.Null(await stores.MemberSettings.GetAsync(Bob, Ct));
    }
}

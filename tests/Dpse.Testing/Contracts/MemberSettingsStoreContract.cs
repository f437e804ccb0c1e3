using Dpse.Core.Members;
using Xunit;
using static Dpse.Testing.Contracts.ContractData;

namespace Dpse.Testing.Contracts;

/// <summary>What every <see cref="IMemberSettingsStore"/> must do. Subclass once per provider.</summary>
public abstract class MemberSettingsStoreContract : StoreContract
{
    [Fact]
    public async Task SaveGetReplaceDelete_RoundTripsAndAuditsEachWrite()
    {
        await using var stores = await CreateStoresAsync();
        Assert.Null(await stores.MemberSettings.GetAsync(Ann, Ct));

        await stores.MemberSettings.SaveAsync(new MemberSettings(Ann, true, Day(2, 9, 0, 1)), AuditBy(Ann, "reminders on", Ann.Key), Ct);
        AssertSame(new MemberSettings(Ann, true, Day(2, 9, 0, 1)), await stores.MemberSettings.GetAsync(Ann, Ct));

        await stores.MemberSettings.SaveAsync(new MemberSettings(Ann, false, Day(3)), AuditBy(Ann, "reminders off", Ann.Key), Ct);
        AssertSame(new MemberSettings(Ann, false, Day(3)), await stores.MemberSettings.GetAsync(Ann, Ct));

        await stores.MemberSettings.DeleteAsync(Ann, AuditBy(Ann, "me forget", Ann.Key), Ct);
        Assert.Null(await stores.MemberSettings.GetAsync(Ann, Ct));

        Assert.Equal(["me forget", "reminders off", "reminders on"], (await stores.Audit.ListAsync(Ann.Key, 10, Ct)).Select(e => e.Action));
    }

    [Fact]
    public async Task Settings_OfDifferentPeople_AreKeptApart()
    {
        await using var stores = await CreateStoresAsync();
        var annOnDiscord = Ann with { Platform = Bob.Platform };

        await stores.MemberSettings.SaveAsync(new MemberSettings(Ann, true, Day(2)), AuditBy(Ann, "reminders on"), Ct);
        await stores.MemberSettings.SaveAsync(new MemberSettings(Bob, false, Day(2)), AuditBy(Bob, "reminders off"), Ct);
        await stores.MemberSettings.DeleteAsync(Bob, AuditBy(Bob, "me forget"), Ct);

        Assert.True((await stores.MemberSettings.GetAsync(Ann, Ct))!.ReminderDirectMessages);
        Assert.Null(await stores.MemberSettings.GetAsync(annOnDiscord, Ct));
        Assert.Null(await stores.MemberSettings.GetAsync(Bob, Ct));
    }
}

using Dpse.Core.Channels;
using Dpse.Core.Stories;
using Xunit;
using static Dpse.Testing.Contracts.ContractData;

namespace Dpse.Testing.Contracts;

/// <summary>What every <see cref="IChannelSettingsStore"/> must do. Subclass once per provider.</summary>
public abstract class ChannelSettingsStoreContract : StoreContract
{
    private static ChannelSettings Full() => new()
    {
        Channel = SlackChannel,
        Digest = new DigestSubscription
        {
            Day = DayOfWeek.Monday,
            Time = new TimeOnly(9, 30),
            TimeZone = "Europe/London",
            Tags = ["search", "solr"],
            Sectors = ["local government"],
            Outcomes = [StoryOutcome.Failure, StoryOutcome.Abandoned],
            Since = Day(2, 9, 31, 500),
        },
        RemindersOn = true,
        DeliveryProblem = "channel_not_found",
        DeliveryProblemAt = Day(3, 4, 5, 6),
        UpdatedAt = Day(3, 4, 5, 7),
    };

    [Fact]
    public async Task Get_NeverConfigured_ReturnsNull()
    {
        await using var stores = await CreateStoresAsync();

        Assert.Null(await stores.ChannelSettings.GetAsync(SlackChannel, Ct));
    }

    [Fact]
    public async Task Save_EveryField_RoundTripsThroughGet()
    {
        await using var stores = await CreateStoresAsync();

        await stores.ChannelSettings.SaveAsync(Full(), AuditBy(Ann, "digest subscribe", SlackChannel.Key), Ct);

        AssertSame(Full(), await stores.ChannelSettings.GetAsync(SlackChannel, Ct));
    }

    [Fact]
    public async Task Save_Again_ReplacesAndClearsFields()
    {
        await using var stores = await CreateStoresAsync();
        await stores.ChannelSettings.SaveAsync(Full(), AuditBy(Ann, "digest subscribe", SlackChannel.Key), Ct);
        var cleared = Full() with { Digest = null, RemindersOn = false, DeliveryProblem = null, DeliveryProblemAt = null, UpdatedAt = Day(9) };

        await stores.ChannelSettings.SaveAsync(cleared, AuditBy(Ann, "digest unsubscribe", SlackChannel.Key), Ct);

        AssertSame(cleared, await stores.ChannelSettings.GetAsync(SlackChannel, Ct));
        Assert.Equal(["digest unsubscribe", "digest subscribe"], (await stores.Audit.ListAsync(SlackChannel.Key, 10, Ct)).Select(e => e.Action));
    }

    [Fact]
    public async Task Save_SystemWriteWithoutAudit_RecordsNoEntry()
    {
        await using var stores = await CreateStoresAsync();

        await stores.ChannelSettings.SaveAsync(Full(), null, Ct);

        Assert.NotNull(await stores.ChannelSettings.GetAsync(SlackChannel, Ct));
        Assert.Empty(await stores.Audit.ListAsync(null, 10, Ct));
    }

    [Fact]
    public async Task Save_SameChannelIdOnAnotherPlatform_IsAnotherChannel()
    {
        await using var stores = await CreateStoresAsync();
        var twin = SlackChannel with { Platform = DiscordChannel.Platform };

        await stores.ChannelSettings.SaveAsync(Full(), null, Ct);

        Assert.Null(await stores.ChannelSettings.GetAsync(twin, Ct));
    }

    [Fact]
    public async Task ListActive_OnlyChannelsWithADigestOrReminders()
    {
        await using var stores = await CreateStoresAsync();
        var remindersOnly = new ChannelSettings { Channel = DiscordChannel, RemindersOn = true, UpdatedAt = Day(1) };
        var digestOnly = Full() with { Channel = SlackChannel with { ChannelId = "C0DIGEST" }, RemindersOn = false };
        var idle = new ChannelSettings { Channel = SlackChannel with { ChannelId = "C0IDLE" }, UpdatedAt = Day(1) };
        foreach (var settings in new[] { remindersOnly, digestOnly, idle })
        {
            await stores.ChannelSettings.SaveAsync(settings, null, Ct);
        }

        var active = await stores.ChannelSettings.ListActiveAsync(Ct);

        Assert.Equal([remindersOnly.Channel.Key, digestOnly.Channel.Key], active.Select(s => s.Channel.Key).Order(StringComparer.Ordinal));
        AssertSame(digestOnly, active.Single(s => s.Channel == digestOnly.Channel));
    }
}

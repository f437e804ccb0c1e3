using Dpse.Core.Channels;
using Dpse.Core.Stories;
using Dpse.Core.Writes;
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
    public async Task SetDigestRemindersAndProblem_EveryField_RoundTripsThroughGet()
    {
        await using var stores = await CreateStoresAsync();
        var full = Full();

        await stores.ChannelSettings.SetRemindersAsync(SlackChannel, true, Day(1), AuditBy(Ann, "reminders on", SlackChannel.Key), Ct);
        await stores.ChannelSettings.SetDigestAsync(SlackChannel, full.Digest, Day(3, 4, 5, 7), AuditBy(Ann, "digest subscribe", SlackChannel.Key), Ct);
        Assert.True(await stores.ChannelSettings.SetDeliveryProblemAsync(SlackChannel, "channel_not_found", Day(3, 4, 5, 6), Ct));

        AssertSame(full, await stores.ChannelSettings.GetAsync(SlackChannel, Ct));
        Assert.Equal(["digest subscribe", "reminders on"], (await stores.Audit.ListAsync(SlackChannel.Key, 10, Ct)).Select(e => e.Action));
    }

    [Fact]
    public async Task SetDigest_Resubscribe_KeepsSinceAndClearsTheProblem()
    {
        await using var stores = await CreateStoresAsync();
        await stores.ChannelSettings.SetDigestAsync(SlackChannel, Full().Digest, Day(2), AuditBy(Ann, "digest subscribe", SlackChannel.Key), Ct);
        await stores.ChannelSettings.SetDeliveryProblemAsync(SlackChannel, "not_in_channel", Day(3), Ct);

        var again = await stores.ChannelSettings.SetDigestAsync(SlackChannel, Full().Digest! with { Day = DayOfWeek.Friday, Since = Day(9) }, Day(9), AuditBy(Ann, "digest subscribe", SlackChannel.Key), Ct);

        Assert.Equal(WriteStatus.Done, again.Status);
        var stored = (await stores.ChannelSettings.GetAsync(SlackChannel, Ct))!;
        Assert.Equal((DayOfWeek.Friday, Day(2, 9, 31, 500), (string?)null, Day(9)), (stored.Digest!.Day, stored.Digest.Since, stored.DeliveryProblem, stored.UpdatedAt));
    }

    [Fact]
    public async Task SetDigest_Unsubscribe_ClearsOnlyTheDigestAndTwiceIsUnchanged()
    {
        await using var stores = await CreateStoresAsync();
        await stores.ChannelSettings.SetDigestAsync(SlackChannel, Full().Digest, Day(2), AuditBy(Ann, "digest subscribe", SlackChannel.Key), Ct);
        await stores.ChannelSettings.SetRemindersAsync(SlackChannel, true, Day(2), AuditBy(Ann, "reminders on", SlackChannel.Key), Ct);

        var off = await stores.ChannelSettings.SetDigestAsync(SlackChannel, null, Day(9), AuditBy(Ann, "digest unsubscribe", SlackChannel.Key), Ct);
        var again = await stores.ChannelSettings.SetDigestAsync(SlackChannel, null, Day(10), AuditBy(Ann, "digest unsubscribe", SlackChannel.Key), Ct);
        var reminders = await stores.ChannelSettings.SetRemindersAsync(SlackChannel, true, Day(10), AuditBy(Ann, "reminders on", SlackChannel.Key), Ct);

        Assert.Equal((WriteStatus.Done, WriteStatus.Unchanged, WriteStatus.Unchanged), (off.Status, again.Status, reminders.Status));
        var stored = (await stores.ChannelSettings.GetAsync(SlackChannel, Ct))!;
        Assert.Equal(((DigestSubscription?)null, true, Day(9)), (stored.Digest, stored.RemindersOn, stored.UpdatedAt));
        Assert.Equal(["digest unsubscribe", "reminders on", "digest subscribe"], (await stores.Audit.ListAsync(SlackChannel.Key, 10, Ct)).Select(e => e.Action));
    }

    [Fact]
    public async Task SetDeliveryProblem_SystemWrite_RecordsNoEntryAndNeedsSettings()
    {
        await using var stores = await CreateStoresAsync();

        Assert.False(await stores.ChannelSettings.SetDeliveryProblemAsync(SlackChannel, "channel_not_found", Day(2), Ct));
        Assert.Null(await stores.ChannelSettings.GetAsync(SlackChannel, Ct));
        await stores.ChannelSettings.SetRemindersAsync(SlackChannel, true, Day(1), AuditBy(Ann, "reminders on", SlackChannel.Key), Ct);
        Assert.True(await stores.ChannelSettings.SetDeliveryProblemAsync(SlackChannel, "channel_not_found", Day(2), Ct));

        var stored = (await stores.ChannelSettings.GetAsync(SlackChannel, Ct))!;
        Assert.Equal(("channel_not_found", Day(2), Day(1), true), (stored.DeliveryProblem, stored.DeliveryProblemAt, stored.UpdatedAt, stored.RemindersOn));
        Assert.Single(await stores.Audit.ListAsync(null, 10, Ct));
    }

    [Fact]
    public async Task SettingsWrites_AllAtOnce_NoneOverwritesAnother()
    {
        await using var stores = await CreateStoresAsync();
        var channels = Enumerable.Range(0, 30).Select(i => SlackChannel with { ChannelId = $"C{i:D3}" }).ToList();

        await Task.WhenAll(channels.SelectMany(c => new Func<Task>[]
        {
            () => stores.ChannelSettings.SetRemindersAsync(c, true, Day(2), AuditBy(Ann, "reminders on", c.Key), Ct),
            () => stores.ChannelSettings.SetDigestAsync(c, Full().Digest, Day(2), AuditBy(Ann, "digest subscribe", c.Key), Ct),
            () => stores.ChannelSettings.SetDeliveryProblemAsync(c, "not_in_channel", Day(2), Ct),
        }).Select(write => Task.Run(write, Ct)));

        foreach (var channel in channels)
        {
            var stored = (await stores.ChannelSettings.GetAsync(channel, Ct))!;
            Assert.True(stored.RemindersOn, channel.Key);
            Assert.NotNull(stored.Digest);
        }
    }

    [Fact]
    public async Task SetReminders_SameChannelIdOnAnotherPlatform_IsAnotherChannel()
    {
        await using var stores = await CreateStoresAsync();
        var twin = SlackChannel with { Platform = DiscordChannel.Platform };

        await stores.ChannelSettings.SetRemindersAsync(SlackChannel, true, Day(1), AuditBy(Ann, "reminders on", SlackChannel.Key), Ct);

        Assert.Null(await stores.ChannelSettings.GetAsync(twin, Ct));
    }

    [Fact]
    public async Task ListActive_OnlyChannelsWithADigestOrReminders()
    {
        await using var stores = await CreateStoresAsync();
        var remindersOnly = DiscordChannel;
        var digestOnly = SlackChannel with { ChannelId = "C0DIGEST" };
        var idle = SlackChannel with { ChannelId = "C0IDLE" };
        await stores.ChannelSettings.SetRemindersAsync(remindersOnly, true, Day(1), AuditBy(Ann, "reminders on", remindersOnly.Key), Ct);
        await stores.ChannelSettings.SetDigestAsync(digestOnly, Full().Digest, Day(1), AuditBy(Ann, "digest subscribe", digestOnly.Key), Ct);
        await stores.ChannelSettings.SetRemindersAsync(idle, true, Day(1), AuditBy(Ann, "reminders on", idle.Key), Ct);
        await stores.ChannelSettings.SetRemindersAsync(idle, false, Day(2), AuditBy(Ann, "reminders off", idle.Key), Ct);

        var active = await stores.ChannelSettings.ListActiveAsync(Ct);

        Assert.Equal([remindersOnly.Key, digestOnly.Key], active.Select(s => s.Channel.Key).Order(StringComparer.Ordinal));
        AssertSame(Full().Digest, active.Single(s => s.Channel == digestOnly).Digest);
    }
}

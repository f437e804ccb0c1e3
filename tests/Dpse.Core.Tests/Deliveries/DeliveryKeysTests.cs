using Dpse.Core.Deliveries;
using Dpse.Core.Identity;
using Dpse.Core.Sending;

namespace Dpse.Core.Tests.Deliveries;

public sealed class DeliveryKeysTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reminder_SameDeliveryInAnyOffsetNotation_HasTheSameKey()
    {
        var target = new ChannelTarget(new ChannelRef(Platforms.Discord, "g", "c"));

        var a = DeliveryKeys.Reminder(3, Start, TimeSpan.FromHours(24), target);
        var b = DeliveryKeys.Reminder(3, Start.ToOffset(TimeSpan.FromHours(1)), TimeSpan.FromMinutes(1440), target);

        Assert.Equal("reminder|E-3|2026-12-03T14:00:00Z|1440m|channel:discord:g:c", a);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Keys_DifferWhereTheDeliveryDiffers()
    {
        var channel = new ChannelRef(Platforms.Slack, "T", "C");
        var dm = new DirectTarget(new ActorRef(Platforms.Slack, "T", "C"));
        string[] keys =
        [
            DeliveryKeys.Reminder(3, Start, TimeSpan.FromHours(1), new ChannelTarget(channel)),
            DeliveryKeys.Reminder(3, Start, TimeSpan.FromHours(1), dm),
            DeliveryKeys.Reminder(3, Start.AddHours(1), TimeSpan.FromHours(1), dm),
            DeliveryKeys.Reminder(3, Start, TimeSpan.FromHours(24), dm),
            DeliveryKeys.Reminder(4, Start, TimeSpan.FromHours(1), dm),
            DeliveryKeys.Digest(channel, Start.AddDays(-7), Start),
            DeliveryKeys.Digest(channel, Start.AddDays(-7), Start.AddDays(7)),
            DeliveryKeys.Cancelled(3, dm),
            DeliveryKeys.Moved(3, Start, dm),
        ];

        Assert.Equal(keys.Length, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(keys, k => Assert.True(k.Length <= 200, k));
    }
}

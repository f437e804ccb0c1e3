using System.Globalization;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Sending;

namespace Dpse.Core.Deliveries;

/// <summary>
/// The stable keys of the outbox. The same delivery always gets the same key, so a restart finds the record it
/// wrote before the crash instead of planning a second one.
/// </summary>
public static class DeliveryKeys
{
    /// <summary>The subject of a channel's digests.</summary>
    public static string DigestSubject(ChannelRef channel) => "digest:" + channel.Key;

    /// <summary>The subject of an event's reminders and notices.</summary>
    public static string EventSubject(int eventNumber) => EventIds.Format(eventNumber);

    /// <summary>
    /// A digest: channel + period start (+ period end, its due slot, so a digest after a skipped week, which starts
    /// where the last sent one ended, still gets a key of its own).
    /// </summary>
    public static string Digest(ChannelRef channel, DateTimeOffset periodStart, DateTimeOffset periodEnd) =>
        $"digest|{channel.Key}|{Instant(periodStart)}|{Instant(periodEnd)}";

    /// <summary>A reminder: event + start + offset + target.</summary>
    public static string Reminder(int eventNumber, DateTimeOffset start, TimeSpan offset, DeliveryTarget target) =>
        $"reminder|{EventIds.Format(eventNumber)}|{Instant(start)}|{((long)offset.TotalMinutes).ToString(CultureInfo.InvariantCulture)}m|{target.Key}";

    /// <summary>A moved notice not yet fanned out: event + new start.</summary>
    public static string Moved(int eventNumber, DateTimeOffset newStart) =>
        $"moved|{EventIds.Format(eventNumber)}|{Instant(newStart)}";

    /// <summary>A moved notice to one target.</summary>
    public static string Moved(int eventNumber, DateTimeOffset newStart, DeliveryTarget target) =>
        $"{Moved(eventNumber, newStart)}|{target.Key}";

    /// <summary>A cancellation notice not yet fanned out.</summary>
    public static string Cancelled(int eventNumber) => $"cancelled|{EventIds.Format(eventNumber)}";

    /// <summary>A cancellation notice to one target.</summary>
    public static string Cancelled(int eventNumber, DeliveryTarget target) => $"{Cancelled(eventNumber)}|{target.Key}";

    private static string Instant(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

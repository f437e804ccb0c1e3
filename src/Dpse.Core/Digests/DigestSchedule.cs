using Dpse.Core.Channels;
using NodaTime;
using NodaTime.TimeZones;

namespace Dpse.Core.Digests;

/// <summary>
/// When a weekly digest is due: a local day and time in an IANA zone, evaluated per occurrence so it stays at the
/// same local time across DST changes. A local time skipped by the clocks going forward is due at the first valid
/// instant after the gap; a local time that happens twice (clocks going back) is due at the earlier one.
/// </summary>
public static class DigestSchedule
{
    private static readonly ZoneLocalMappingResolver Resolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    /// <summary>The first due instant strictly after <paramref name="after"/>.</summary>
    public static DateTimeOffset NextAfter(IsoDayOfWeek day, LocalTime time, DateTimeZone zone, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var localDate = Instant.FromDateTimeOffset(after).InZone(zone).Date;
        for (var date = localDate.PlusDays(-1); ; date = date.PlusDays(1))
        {
            if (date.DayOfWeek != day)
            {
                continue;
            }

            var due = At(date, time, zone);
            if (due > after)
            {
                return due;
            }
        }
    }

    /// <summary>The latest due instant at or before <paramref name="at"/>.</summary>
    public static DateTimeOffset LatestAtOrBefore(IsoDayOfWeek day, LocalTime time, DateTimeZone zone, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var localDate = Instant.FromDateTimeOffset(at).InZone(zone).Date;
        for (var date = localDate.PlusDays(1); ; date = date.PlusDays(-1))
        {
            if (date.DayOfWeek != day)
            {
                continue;
            }

            var due = At(date, time, zone);
            if (due <= at)
            {
                return due;
            }
        }
    }

    /// <summary>
    /// The first due instant of a subscription strictly after <paramref name="after"/>; null when its stored zone is
    /// unknown (<see cref="DigestSubscription.FindZone"/>): there is no due instant then, not one in UTC.
    /// </summary>
    public static DateTimeOffset? NextAfter(DigestSubscription subscription, DateTimeOffset after) =>
        subscription?.FindZone() is { } zone ? NextAfter(subscription.IsoDay(), subscription.LocalTime(), zone, after) : null;

    /// <summary>The latest due instant of a subscription at or before <paramref name="at"/>; null when its zone is unknown.</summary>
    public static DateTimeOffset? LatestAtOrBefore(DigestSubscription subscription, DateTimeOffset at) =>
        subscription?.FindZone() is { } zone ? LatestAtOrBefore(subscription.IsoDay(), subscription.LocalTime(), zone, at) : null;

    /// <summary>What a channel is told when its stored zone is unknown, so a moderator can put it right.</summary>
    public static string UnknownZone(DigestSubscription subscription) =>
        $"not sent: the stored time zone '{subscription?.TimeZone}' is unknown; subscribe again with a zone such as Europe/London";

    private static DateTimeOffset At(LocalDate date, LocalTime time, DateTimeZone zone)
    {
        var local = date.At(time);
        return zone.ResolveLocal(local, Resolver).ToDateTimeOffset().ToUniversalTime();
    }
}

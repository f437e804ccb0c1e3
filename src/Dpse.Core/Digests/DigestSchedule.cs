using Dpse.Core.Channels;
using Dpse.Core.Time;
using NodaTime;
using NodaTime.Extensions;
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
    public static DateTimeOffset NextAfter(DayOfWeek day, TimeOnly time, string timeZone, DateTimeOffset after)
    {
        var zone = EventTime.FindZone(timeZone) ?? DateTimeZone.Utc;
        var localDate = Instant.FromDateTimeOffset(after).InZone(zone).Date;
        for (var date = localDate.PlusDays(-1); ; date = date.PlusDays(1))
        {
            if (date.DayOfWeek != day.ToIsoDayOfWeek())
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
    public static DateTimeOffset LatestAtOrBefore(DayOfWeek day, TimeOnly time, string timeZone, DateTimeOffset at)
    {
        var zone = EventTime.FindZone(timeZone) ?? DateTimeZone.Utc;
        var localDate = Instant.FromDateTimeOffset(at).InZone(zone).Date;
        for (var date = localDate.PlusDays(1); ; date = date.PlusDays(-1))
        {
            if (date.DayOfWeek != day.ToIsoDayOfWeek())
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

    /// <summary>The first due instant of a subscription strictly after <paramref name="after"/>.</summary>
    public static DateTimeOffset NextAfter(DigestSubscription subscription, DateTimeOffset after) =>
        NextAfter(subscription.Day, subscription.Time, subscription.TimeZone, after);

    /// <summary>The latest due instant of a subscription at or before <paramref name="at"/>.</summary>
    public static DateTimeOffset LatestAtOrBefore(DigestSubscription subscription, DateTimeOffset at) =>
        LatestAtOrBefore(subscription.Day, subscription.Time, subscription.TimeZone, at);

    private static DateTimeOffset At(LocalDate date, TimeOnly time, DateTimeZone zone)
    {
        var local = date.At(new LocalTime(time.Hour, time.Minute, time.Second));
        return zone.ResolveLocal(local, Resolver).ToDateTimeOffset().ToUniversalTime();
    }
}

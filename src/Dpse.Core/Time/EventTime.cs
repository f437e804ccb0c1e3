using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Dpse.Core.Time;

/// <summary>
/// Local date-times in IANA zones: parsing what people type, turning it into a UTC instant (DST-correct) and
/// showing instants with the zone named. Uses the TZDB bundled with NodaTime, so every container answers alike.
/// </summary>
public static class EventTime
{
    private static readonly LocalDateTimePattern[] InputPatterns =
    [
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd H:mm"),
    ];

    private static readonly LocalTimePattern[] TimePatterns =
    [
        LocalTimePattern.CreateWithInvariantCulture("HH:mm"),
        LocalTimePattern.CreateWithInvariantCulture("H:mm"),
    ];

    /// <summary>The largest number accepted in one part of a duration (a million days still fits a TimeSpan five times over).</summary>
    private const int MaxDurationNumber = 1_000_000;

    /// <summary>The ISO form stored with an event, e.g. 2026-12-03T14:00.</summary>
    public static readonly LocalDateTimePattern StoredPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    /// <summary>Parses <c>yyyy-mm-dd hh:mm</c> (or with a T), or returns null. Hours run 00–23: "24:00" is refused, not rolled into the next day.</summary>
    public static LocalDateTime? ParseLocal(string text)
    {
        if (HasHour24(text))
        {
            return null;
        }

        foreach (var pattern in InputPatterns)
        {
            var result = pattern.Parse(text.Trim());
            if (result.Success)
            {
                return result.Value;
            }
        }

        return null;
    }

    /// <summary>True when the time part of <paramref name="text"/> is hour 24 (NodaTime reads 24:00 as the next midnight).</summary>
    public static bool HasHour24(string text)
    {
        var trimmed = text.Trim();
        var separator = trimmed.LastIndexOfAny([' ', 'T']);
        var time = separator < 0 ? trimmed : trimmed[(separator + 1)..];
        return time.StartsWith("24:", StringComparison.Ordinal);
    }

    /// <summary>Parses <c>hh:mm</c>, or returns null.</summary>
    public static LocalTime? ParseTimeOfDay(string text)
    {
        if (HasHour24(text))
        {
            return null;
        }

        foreach (var pattern in TimePatterns)
        {
            var result = pattern.Parse(text.Trim());
            if (result.Success)
            {
                return result.Value;
            }
        }

        return null;
    }

    /// <summary>The zone with this IANA id (case-insensitive), or null.</summary>
    public static DateTimeZone? FindZone(string id)
    {
        var trimmed = id.Trim();
        var provider = DateTimeZoneProviders.Tzdb;
        if (provider.GetZoneOrNull(trimmed) is { } exact)
        {
            return exact;
        }

        var match = provider.Ids.FirstOrDefault(z => string.Equals(z, trimmed, StringComparison.OrdinalIgnoreCase));
        return match is null ? null : provider[match];
    }

    /// <summary>
    /// The UTC instant of a local time in a zone. A time skipped by a clock change has no instant and is an error
    /// with the reason; a time that happens twice (clocks go back) takes the first, as calendars do.
    /// </summary>
    public static (DateTimeOffset? Utc, string? Error) ToUtc(LocalDateTime local, DateTimeZone zone)
    {
        // Years 1 and 9999 can fall outside DateTimeOffset (and NodaTime's Instant) once the zone's offset is applied.
        if (local.Year is < 2 or > 9998)
        {
            return (null, $"{Format(local)} is out of range. Pick a date between the years 2 and 9998.");
        }

        var mapping = zone.MapLocal(local);
        return mapping.Count switch
        {
            0 => (null, $"{Format(local)} does not exist in {zone.Id}: the clocks go forward then. Pick a time outside the change."),
            _ => (mapping.First().ToDateTimeOffset().ToUniversalTime(), null),
        };
    }

    /// <summary>Shows an instant in a zone with the zone named: <c>Thu 3 Dec 2026, 14:00 GMT (Europe/London)</c>.</summary>
    public static string Describe(DateTimeOffset utc, string zoneId)
    {
        var zone = FindZone(zoneId) ?? DateTimeZone.Utc;
        var zoned = Instant.FromDateTimeOffset(utc).InZone(zone);
        var abbreviation = zoned.GetZoneInterval().Name;
        var text = zoned.LocalDateTime.ToString("ddd d MMM uuuu, HH:mm", CultureInfo.InvariantCulture);
        return zone == DateTimeZone.Utc || abbreviation == zone.Id ? $"{text} {abbreviation}" : $"{text} {abbreviation} ({zone.Id})";
    }

    /// <summary>A local date-time as people type it.</summary>
    public static string Format(LocalDateTime local) => local.ToString("uuuu-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// A duration as people type and configure it: 90m, 2h, 1h30m, 24h, 2d. A day is shown as 24h (the configured
    /// default is "24h,1h"); whole days are used from two days up.
    /// </summary>
    public static string FormatDuration(TimeSpan duration)
    {
        if (duration.TotalMinutes < 60)
        {
            return $"{(int)duration.TotalMinutes}m";
        }

        if (duration.Minutes == 0 && duration.Hours == 0 && duration.Days >= 2)
        {
            return $"{duration.Days}d";
        }

        var hours = (int)duration.TotalHours;
        return duration.Minutes == 0 ? $"{hours}h" : $"{hours}h{duration.Minutes}m";
    }

    /// <summary>Parses 90m, 2h, 1h30m, 1d, 45 (minutes); null when malformed or not positive.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var s = text.Trim().ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        if (s.Length == 0 || s.Length > 10)
        {
            return null;
        }

        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var bare))
        {
            return bare > 0 ? TimeSpan.FromMinutes(bare) : null;
        }

        var total = TimeSpan.Zero;
        var number = 0;
        var haveDigits = false;
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c))
            {
                number = (number * 10) + (c - '0');
                if (number > MaxDurationNumber)
                {
                    return null;
                }

                haveDigits = true;
                continue;
            }

            if (!haveDigits)
            {
                return null;
            }

            total += c switch
            {
                'd' => TimeSpan.FromDays(number),
                'h' => TimeSpan.FromHours(number),
                'm' => TimeSpan.FromMinutes(number),
                _ => TimeSpan.MinValue,
            };
            if (total < TimeSpan.Zero)
            {
                return null;
            }

            number = 0;
            haveDigits = false;
        }

        return haveDigits || total <= TimeSpan.Zero ? null : total;
    }
}

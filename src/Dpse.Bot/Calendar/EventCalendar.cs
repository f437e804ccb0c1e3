using System.Globalization;
using Dpse.Core.Events;
using Dpse.Core.Stories;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using NodaTime;
using IcalCalendar = Ical.Net.Calendar;

namespace Dpse.Bot.Calendar;

/// <summary>
/// The exchange's events as an iCalendar feed (RFC 5545), for people to subscribe to in their own calendars. Each
/// event keeps a stable UID, its own time zone (with a VTIMEZONE), and a SEQUENCE that rises with every edit; a
/// cancelled event stays in the feed, marked CANCELLED, until it would have ended, so subscribed calendars drop it.
/// Only what the event's card shows publicly goes in: no organiser, no RSVPs.
/// </summary>
internal static class EventCalendar
{
    public const string ProductId = "-//Drupal Public Sector Exchange//Dpse.Bot//EN";

    public const string ContentType = "text/calendar; charset=utf-8";

    /// <summary>Published events that have not ended at <paramref name="now"/> (cancelled ones included, marked).</summary>
    public static IEnumerable<CommunityEvent> InFeed(IEnumerable<CommunityEvent> events, DateTimeOffset now) =>
        events.Where(e => e.Status == ContentStatus.Published && e.EndUtc > now).OrderBy(e => e.StartUtc).ThenBy(e => e.Number);

    /// <summary>Serialises <paramref name="events"/>; <paramref name="host"/> makes the UIDs globally unique (the public host name).</summary>
    public static string Build(IReadOnlyList<CommunityEvent> events, string name, string host, DateTimeOffset now)
    {
        var calendar = new IcalCalendar { ProductId = ProductId, Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", name);
        foreach (var zone in events.GroupBy(e => e.TimeZone, StringComparer.Ordinal))
        {
            // The zone's current rules (with their RRULEs, valid for the future events in the feed), small to download.
            // Ical.Net reads rules from this date up to its own clock, so it must not lie in the future.
            var first = zone.Min(e => e.StartUtc);
            var earliest = (first < now ? first : now).UtcDateTime.AddYears(-1);
            calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone.Key, earliest, includeHistoricalData: false));
        }

        foreach (var e in events)
        {
            var zone = DateTimeZoneProviders.Tzdb[e.TimeZone];
            calendar.Events.Add(new CalendarEvent
            {
                Uid = Uid(e, host),
                Sequence = Sequence(e),
                Summary = e.Title,
                Description = e.Description,
                Location = e.Location,
                DtStart = Local(e.StartUtc, zone, e.TimeZone),
                DtEnd = Local(e.EndUtc, zone, e.TimeZone),
                DtStamp = new CalDateTime(e.UpdatedAt.UtcDateTime, CalDateTime.UtcTzId, hasTime: true),
                Created = new CalDateTime(e.CreatedAt.UtcDateTime, CalDateTime.UtcTzId, hasTime: true),
                LastModified = new CalDateTime(e.UpdatedAt.UtcDateTime, CalDateTime.UtcTzId, hasTime: true),
                Status = e.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            });
        }

        return new CalendarSerializer(calendar).SerializeToString() ?? "";
    }

    /// <summary>Stable across restarts and edits: the event's number and the host that publishes it.</summary>
    public static string Uid(CommunityEvent e, string host) => $"dpse-event-{e.Number.ToString(CultureInfo.InvariantCulture)}@{host}";

    /// <summary>
    /// Rises with each edit: whole seconds between creation and the last change (at least 1 once changed). Derived from
    /// the timestamps rather than <see cref="CommunityEvent.Version"/> because the version is not exported: after an
    /// export and import it starts again, and a calendar would then ignore the next change.
    /// </summary>
    public static int Sequence(CommunityEvent e)
    {
        if (e.UpdatedAt <= e.CreatedAt)
        {
            return 0;
        }

        return (int)Math.Clamp(Math.Floor((e.UpdatedAt - e.CreatedAt).TotalSeconds), 1, int.MaxValue);
    }

    private static CalDateTime Local(DateTimeOffset instant, DateTimeZone zone, string zoneId) =>
        new(Instant.FromDateTimeOffset(instant).InZone(zone).LocalDateTime.ToDateTimeUnspecified(), zoneId, hasTime: true);
}

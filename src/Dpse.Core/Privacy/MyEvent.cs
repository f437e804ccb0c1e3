using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Stories;

namespace Dpse.Core.Privacy;

/// <summary>An event as <c>me export</c> shows it to its organiser: every field they set, and only how many people gave each answer.</summary>
public sealed record MyEvent(
    string Id,
    string Title,
    string? Description,
    DateTimeOffset StartUtc,
    string LocalStart,
    string TimeZone,
    TimeSpan Duration,
    string? Location,
    string OrganiserName,
    ChannelRef? Origin,
    IReadOnlyList<TimeSpan>? ReminderOffsets,
    bool Cancelled,
    ContentStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Going,
    int Interested,
    int NotGoing)
{
    /// <summary>The organiser's view of <paramref name="ev"/>: RSVPs become counts.</summary>
    public static MyEvent From(CommunityEvent ev) => new(
        ev.Id, ev.Title, ev.Description, ev.StartUtc, ev.LocalStart, ev.TimeZone, ev.Duration, ev.Location, ev.OrganiserName,
        ev.Origin, ev.ReminderOffsets, ev.Cancelled, ev.Status, ev.CreatedAt, ev.UpdatedAt,
        ev.Count(RsvpStatus.Going), ev.Count(RsvpStatus.Interested), ev.Count(RsvpStatus.NotGoing));
}

using System.Text.Json.Serialization;
using Dpse.Core.Identity;
using Dpse.Core.Stories;
using Dpse.Core.Writes;

namespace Dpse.Core.Events;

/// <summary>
/// A meetup or call. The start is kept three ways on purpose: the local date-time and IANA zone the organiser
/// typed (the truth if zone rules change) and the UTC instant derived from them (what schedulers use).
/// <see cref="Number"/> is assigned by the store and shown as <c>E-&lt;n&gt;</c>.
/// </summary>
public sealed record CommunityEvent : INumberedRecord<CommunityEvent>
{
    /// <summary>The store-assigned number; shown as E-n.</summary>
    public int Number { get; init; }

    /// <summary>Title.</summary>
    public required string Title { get; init; }

    /// <summary>Longer description.</summary>
    public string? Description { get; init; }

    /// <summary>Start as a UTC instant, derived from <see cref="LocalStart"/> in <see cref="TimeZone"/>.</summary>
    public required DateTimeOffset StartUtc { get; init; }

    /// <summary>Start as typed, ISO local date-time without offset (e.g. 2026-12-03T14:00).</summary>
    public required string LocalStart { get; init; }

    /// <summary>IANA zone the start was entered in, e.g. Europe/London.</summary>
    public required string TimeZone { get; init; }

    /// <summary>How long it lasts.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A place or an http/https link.</summary>
    public string? Location { get; init; }

    /// <summary>Who added it.</summary>
    public required ActorRef Organiser { get; init; }

    /// <summary>The organiser's display name.</summary>
    public required string OrganiserName { get; init; }

    /// <summary>Where it was added; reminders go back there.</summary>
    public ChannelRef? Origin { get; init; }

    /// <summary>Reminder offsets before the start; null means the configured defaults.</summary>
    public IReadOnlyList<TimeSpan>? ReminderOffsets { get; init; }

    /// <summary>True once cancelled; a cancelled event keeps its RSVPs for the record.</summary>
    public bool Cancelled { get; init; }

    /// <summary>Published or hidden by a moderator.</summary>
    public ContentStatus Status { get; init; } = ContentStatus.Published;

    /// <summary>Answers, one per person.</summary>
    public IReadOnlyList<Rsvp> Rsvps { get; init; } = [];

    /// <summary>
    /// The store's version of the details, cancellation, status and organiser, for compare-and-swap (see
    /// <see cref="IEventStore.UpdateDetailsAsync"/>); an RSVP does not change it. Not exported.
    /// </summary>
    [JsonIgnore]
    public long Version { get; init; }

    /// <summary>When it was added (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed (UTC).</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The id shown to people.</summary>
    public string Id => EventIds.Format(Number);

    /// <inheritdoc />
    public CommunityEvent Stored(int number, long version) => this with { Number = number, Version = version };

    /// <inheritdoc />
    public CommunityEvent WithStatus(ContentStatus status, DateTimeOffset at) => this with { Status = status, UpdatedAt = at, Version = Version + 1 };

    /// <summary>The end instant.</summary>
    public DateTimeOffset EndUtc => StartUtc + Duration;

    /// <summary>How many people answered <paramref name="status"/>.</summary>
    public int Count(RsvpStatus status) => Rsvps.Count(r => r.Status == status);

    /// <summary>
    /// This event with the details a person edits taken from <paramref name="edited"/> and the version moved on: what
    /// every store's <see cref="IEventStore.UpdateDetailsAsync"/> writes. RSVPs, cancellation, status, organiser and
    /// origin stay as stored.
    /// </summary>
    public CommunityEvent WithEditedDetails(CommunityEvent edited)
    {
        ArgumentNullException.ThrowIfNull(edited);
        return this with
        {
            Title = edited.Title,
            Description = edited.Description,
            StartUtc = edited.StartUtc,
            LocalStart = edited.LocalStart,
            TimeZone = edited.TimeZone,
            Duration = edited.Duration,
            Location = edited.Location,
            ReminderOffsets = edited.ReminderOffsets,
            UpdatedAt = edited.UpdatedAt,
            Version = Version + 1,
        };
    }
}

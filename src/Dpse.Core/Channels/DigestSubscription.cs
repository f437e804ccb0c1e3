using Dpse.Core.Stories;
using Dpse.Core.Time;
using NodaTime;
using NodaTime.Extensions;

namespace Dpse.Core.Channels;

/// <summary>
/// A channel's weekly digest: the local day and time in an IANA zone, and filters that narrow the stories
/// (never the events). <see cref="Since"/> is when the subscription started; the first digest covers the 7 days before it fires.
/// </summary>
public sealed record DigestSubscription
{
    /// <summary>Local day of the week.</summary>
    public required DayOfWeek Day { get; init; }

    /// <summary>Local time of day.</summary>
    public required TimeOnly Time { get; init; }

    /// <summary>IANA zone, e.g. Europe/London.</summary>
    public required string TimeZone { get; init; }

    /// <summary>Only stories with one of these tags (empty: all).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Only stories in one of these sectors (empty: all).</summary>
    public IReadOnlyList<string> Sectors { get; init; } = [];

    /// <summary>Only stories with one of these outcomes (empty: all).</summary>
    public IReadOnlyList<StoryOutcome> Outcomes { get; init; } = [];

    /// <summary>When the channel subscribed (UTC).</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>
    /// The zone as NodaTime knows it, or null when this build's time-zone database does not know <see cref="TimeZone"/>
    /// (stored by a build with a newer database, or imported): such a digest is not sent, and the channel says why;
    /// it is never quietly moved to UTC. The IANA id stays the stored form so that an unknown one can be reported.
    /// </summary>
    public DateTimeZone? FindZone() => EventTime.FindZone(TimeZone);

    /// <summary>The local day as NodaTime counts it.</summary>
    public IsoDayOfWeek IsoDay() => Day.ToIsoDayOfWeek();

    /// <summary>The local time of day as NodaTime counts it.</summary>
    public LocalTime LocalTime() => global::NodaTime.LocalTime.FromTimeOnly(Time);
}

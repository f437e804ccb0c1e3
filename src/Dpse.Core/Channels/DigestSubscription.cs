using Dpse.Core.Stories;

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
}

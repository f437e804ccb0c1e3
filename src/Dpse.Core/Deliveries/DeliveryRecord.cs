using Dpse.Core.Sending;

namespace Dpse.Core.Deliveries;

/// <summary>
/// One outbound delivery in the outbox, keyed by <see cref="Key"/> (see <see cref="DeliveryKeys"/>). It is written
/// as <see cref="DeliveryStatus.Pending"/> before the send and updated after it, so a restart neither loses nor
/// repeats it. A record with no <see cref="Target"/> is a notice still to be fanned out to its targets.
/// </summary>
public sealed record DeliveryRecord
{
    /// <summary>The stable key, also passed to the sender (Discord uses it as the nonce).</summary>
    public required string Key { get; init; }

    /// <summary>What it is.</summary>
    public required DeliveryKind Kind { get; init; }

    /// <summary>What it is about: the channel key for digests, the event id (E-n) otherwise.</summary>
    public required string Subject { get; init; }

    /// <summary>Where it goes; null for a notice that is not yet fanned out.</summary>
    public DeliveryTarget? Target { get; init; }

    /// <summary>When it was due (UTC).</summary>
    public required DateTimeOffset DueAt { get; init; }

    /// <summary>Digest period start (UTC).</summary>
    public DateTimeOffset? PeriodStart { get; init; }

    /// <summary>Digest period end (UTC), which is also the moment it was due.</summary>
    public DateTimeOffset? PeriodEnd { get; init; }

    /// <summary>The event number for reminders and notices.</summary>
    public int? EventNumber { get; init; }

    /// <summary>The event start the reminder or notice was planned for (UTC).</summary>
    public DateTimeOffset? EventStart { get; init; }

    /// <summary>The previous start for a moved notice (UTC).</summary>
    public DateTimeOffset? PreviousEventStart { get; init; }

    /// <summary>The reminder offset before the start.</summary>
    public TimeSpan? Offset { get; init; }

    /// <summary>A short note carried with a notice (the cancellation reason).</summary>
    public string? Note { get; init; }

    /// <summary>Where it stands.</summary>
    public DeliveryStatus Status { get; init; } = DeliveryStatus.Pending;

    /// <summary>Send attempts so far.</summary>
    public int Attempts { get; init; }

    /// <summary>For a pending record after a transient failure: not before this instant (UTC).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>
    /// When an attempt began whose outcome is not recorded (UTC): written before the send, cleared once the platform's
    /// answer is recorded (kept as the earliest such moment while attempts stay unconfirmed). A pending record that
    /// still carries it may already have been posted (the process died between send and record, or the request timed
    /// out), so the sender reconciles with the platform before posting again. A store keeps it like any other field
    /// (a nullable UTC timestamp column).
    /// </summary>
    public DateTimeOffset? AttemptStartedAt { get; init; }

    /// <summary>The platform's message id once sent.</summary>
    public string? MessageId { get; init; }

    /// <summary>The last error, or why it was skipped.</summary>
    public string? Error { get; init; }

    /// <summary>True when it went out later than due because the bot was down.</summary>
    public bool Late { get; init; }

    /// <summary>When the record was written first (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the record last changed (UTC).</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}

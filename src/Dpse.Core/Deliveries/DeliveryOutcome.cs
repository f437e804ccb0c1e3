namespace Dpse.Core.Deliveries;

/// <summary>How one outbox attempt settled, as the <c>outcome</c> label of <see cref="DeliveryMetrics"/> says it.</summary>
public enum DeliveryOutcome
{
    /// <summary>Posted.</summary>
    Sent,

    /// <summary>A transient failure: kept pending for another attempt.</summary>
    Retrying,

    /// <summary>Given up: a permanent refusal, too many attempts, or no sender for the platform.</summary>
    Failed,

    /// <summary>Not worth sending any more (too late, event gone, nothing to post).</summary>
    Skipped,
}

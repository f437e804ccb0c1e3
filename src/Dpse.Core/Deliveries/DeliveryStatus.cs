namespace Dpse.Core.Deliveries;

/// <summary>Where a delivery stands. Only <see cref="Pending"/> is ever worked on again.</summary>
public enum DeliveryStatus
{
    /// <summary>Recorded before the send; a restart finds it and sends it (again, with the same key).</summary>
    Pending,

    /// <summary>The platform accepted it; the message id is recorded.</summary>
    Sent,

    /// <summary>Not sent on purpose (missed too long ago, nothing to post, superseded); the reason is recorded.</summary>
    Skipped,

    /// <summary>The target refused it for good (channel gone, bot removed) or retries ran out.</summary>
    Failed,
}

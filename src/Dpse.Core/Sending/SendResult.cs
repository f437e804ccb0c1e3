namespace Dpse.Core.Sending;

/// <summary>What happened to one outbound message.</summary>
public sealed record SendResult(SendStatus Status, string? MessageId = null, string? Error = null)
{
    /// <summary>For a transient failure: the platform asked us not to try before this instant (UTC).</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>
    /// For a transient failure: the sender knows nothing of this delivery reached the platform in this attempt (it
    /// was throttled before sending, or refused outright), so the outbox need not reconcile before the next one.
    /// False (the safe default) when a request may have been received: a timeout, a 5xx, a split message half posted.
    /// </summary>
    public bool NothingPosted { get; init; }

    /// <summary>Delivered, with the platform's message id.</summary>
    public static SendResult Sent(string messageId) => new(SendStatus.Sent, messageId);

    /// <summary>Worth retrying later (network, 5xx, rate limit exhausted).</summary>
    public static SendResult Transient(string error) => new(SendStatus.TransientFailure, null, error);

    /// <summary>Not sent now because waiting for the platform would pass the send's deadline; try at <paramref name="retryAt"/>.</summary>
    public static SendResult Deferred(string error, DateTimeOffset retryAt, bool nothingPosted) =>
        new(SendStatus.TransientFailure, null, error) { RetryAt = retryAt, NothingPosted = nothingPosted };

    /// <summary>Will never work as it stands (channel gone, bot removed, no access).</summary>
    public static SendResult Permanent(string error) => new(SendStatus.PermanentFailure, null, error);
}

/// <summary>Outcome kinds of a send.</summary>
public enum SendStatus
{
    /// <summary>The platform accepted it.</summary>
    Sent,

    /// <summary>Retry with backoff.</summary>
    TransientFailure,

    /// <summary>Mark the target and stop trying.</summary>
    PermanentFailure,
}

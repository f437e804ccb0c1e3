namespace Dpse.Core.Sending;

/// <summary>What happened to one outbound message.</summary>
public sealed record SendResult(SendStatus Status, string? MessageId = null, string? Error = null)
{
    /// <summary>Delivered, with the platform's message id.</summary>
    public static SendResult Sent(string messageId) => new(SendStatus.Sent, messageId);

    /// <summary>Worth retrying later (network, 5xx, rate limit exhausted).</summary>
    public static SendResult Transient(string error) => new(SendStatus.TransientFailure, null, error);

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

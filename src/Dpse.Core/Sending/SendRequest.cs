using Dpse.Core.Messages;

namespace Dpse.Core.Sending;

/// <summary>
/// One attempt at posting a delivery: where, what, under which stable key, until when the sender may wait, and
/// whether an earlier attempt may already have posted it.
/// </summary>
/// <param name="Target">Where it goes.</param>
/// <param name="Message">What to post.</param>
/// <param name="DeliveryKey">The outbox's stable key; senders derive their idempotency marks (Discord nonce and embed
/// reference, Slack message metadata) from it.</param>
public sealed record SendRequest(DeliveryTarget Target, Message Message, string DeliveryKey)
{
    /// <summary>
    /// The latest moment the sender may spend waiting (rate limits, backoff between retries). A wait that would run
    /// past it is not waited: the sender returns a transient <see cref="SendResult"/> with
    /// <see cref="SendResult.RetryAt"/>, so one throttled channel never holds up the others. Null: no deadline.
    /// </summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>
    /// When an earlier attempt whose outcome was never recorded began (a crash between send and record, a timeout).
    /// The sender must find out from the platform whether that attempt posted before posting again; if it cannot
    /// find out, it returns a transient failure rather than post blind. Null: nothing can have been posted yet.
    /// </summary>
    public DateTimeOffset? UnconfirmedSince { get; init; }

    /// <summary>
    /// Time-critical (a reminder before its event): where a platform-wide limit is the bottleneck, it goes before
    /// routine posts such as a digest fan-out.
    /// </summary>
    public bool Urgent { get; init; }
}

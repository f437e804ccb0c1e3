namespace Dpse.Core.Sending;

/// <summary>
/// Posts messages on one platform through its rate-limited sender. the delivery key is the outbox's stable
/// key: adapters that can (Discord's nonce with enforce_nonce) use it so a retried post is not duplicated.
/// Implementations return failures as <see cref="SendResult"/> and throw only on cancellation.
/// </summary>
public interface IMessageSender
{
    /// <summary>The platform this sender posts to (see <see cref="Identity.Platforms"/>).</summary>
    string Platform { get; }

    /// <summary>Posts <paramref name="message"/> to <paramref name="target"/>.</summary>
    Task<SendResult> SendAsync(DeliveryTarget target, Messages.Message message, string deliveryKey, CancellationToken cancellationToken);
}

namespace Dpse.Core.Sending;

/// <summary>Shorthands for <see cref="IMessageSender"/>.</summary>
public static class MessageSenderExtensions
{
    /// <summary>Posts a message with no deadline and no earlier attempt to reconcile (previews, tools, tests).</summary>
    public static Task<SendResult> SendAsync(this IMessageSender sender, DeliveryTarget target, Messages.Message message, string deliveryKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        return sender.SendAsync(new SendRequest(target, message, deliveryKey), cancellationToken);
    }
}

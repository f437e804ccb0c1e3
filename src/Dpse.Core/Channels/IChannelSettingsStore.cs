using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Core.Writes;

namespace Dpse.Core.Channels;

/// <summary>
/// Per-channel settings. Each setting has its own atomic write that touches only its own fields, so a digest
/// subscription, a reminders switch and a delivery problem recorded by the outbox never overwrite each other. A write
/// creates the channel's settings if there are none. Implementations must pass <c>ChannelSettingsStoreContract</c> in Dpse.Testing.
/// </summary>
public interface IChannelSettingsStore
{
    /// <summary>The settings for a channel, or null if it never configured anything.</summary>
    Task<ChannelSettings?> GetAsync(ChannelRef channel, CancellationToken cancellationToken);

    /// <summary>
    /// Subscribes (<paramref name="digest"/> not null) or unsubscribes. Subscribing replaces the digest but keeps the
    /// stored <see cref="DigestSubscription.Since"/> if the channel was already subscribed, and clears the delivery
    /// problem. Unsubscribing a channel without a digest is Unchanged. Sets updated-at = <paramref name="at"/> when Done.
    /// </summary>
    Task<WriteResult<ChannelSettings>> SetDigestAsync(ChannelRef channel, DigestSubscription? digest, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Turns event reminders on or off; Unchanged if already so.</summary>
    Task<WriteResult<ChannelSettings>> SetRemindersAsync(ChannelRef channel, bool on, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>
    /// Records a permanent delivery failure (a system write, no audit entry) on a channel that has settings; touches
    /// only the problem and its time. Returns false, writing nothing, if the channel has no settings.
    /// </summary>
    Task<bool> SetDeliveryProblemAsync(ChannelRef channel, string problem, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Every channel with a digest subscription or reminders on.</summary>
    Task<IReadOnlyList<ChannelSettings>> ListActiveAsync(CancellationToken cancellationToken);
}

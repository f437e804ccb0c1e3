namespace Dpse.Core.Deliveries;

/// <summary>
/// The durable outbox. Keys are unique: <see cref="TryAddAsync"/> refuses a second record with the same key, which
/// is what keeps a delivery from being planned twice. Implementations must pass <c>DeliveryStoreContract</c> in
/// Dpse.Testing.
/// </summary>
public interface IDeliveryStore
{
    /// <summary>The record with this key, or null.</summary>
    Task<DeliveryRecord?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Adds the record unless one with the same key exists; returns whether it was added.</summary>
    Task<bool> TryAddAsync(DeliveryRecord record, CancellationToken cancellationToken);

    /// <summary>Replaces the record with the same key (status, attempts, message id...).</summary>
    Task UpdateAsync(DeliveryRecord record, CancellationToken cancellationToken);

    /// <summary>Every <see cref="DeliveryStatus.Pending"/> record, earliest due first.</summary>
    Task<IReadOnlyList<DeliveryRecord>> ListPendingAsync(CancellationToken cancellationToken);

    /// <summary>Every record about one subject (a channel key for digests, an event id), earliest due first.</summary>
    Task<IReadOnlyList<DeliveryRecord>> ListBySubjectAsync(string subject, CancellationToken cancellationToken);

    /// <summary>
    /// Removes every record of a direct message to <paramref name="person"/> (me forget); returns how many. Their RSVPs
    /// are gone by then, so nothing plans those messages again.
    /// </summary>
    Task<int> DeleteDirectMessagesToAsync(Identity.ActorRef person, CancellationToken cancellationToken);
}

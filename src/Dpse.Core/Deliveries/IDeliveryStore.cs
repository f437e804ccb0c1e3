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

    /// <summary>
    /// Every record, any status, earliest due first: what <c>export</c> carries so that an exchange moved to another
    /// store neither plans again what was already sent nor forgets what was still pending.
    /// </summary>
    Task<IReadOnlyList<DeliveryRecord>> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>Every <see cref="DeliveryStatus.Pending"/> record, earliest due first.</summary>
    Task<IReadOnlyList<DeliveryRecord>> ListPendingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// How many records are <see cref="DeliveryStatus.Pending"/>: the outbox depth metrics report on every scrape, so a
    /// store answers it with a count (an indexed query), never by loading the records.
    /// </summary>
    Task<int> CountPendingAsync(CancellationToken cancellationToken);

    /// <summary>Every record about one subject (a channel key for digests, an event id), earliest due first.</summary>
    Task<IReadOnlyList<DeliveryRecord>> ListBySubjectAsync(string subject, CancellationToken cancellationToken);

    /// <summary>
    /// Removes every record of a direct message to <paramref name="person"/> (me forget); returns how many. Their RSVPs
    /// are gone by then, so nothing plans those messages again.
    /// </summary>
    Task<int> DeleteDirectMessagesToAsync(Identity.ActorRef person, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> records that are due at <paramref name="now"/> (pending, <c>DueAt</c> and any
    /// <c>NextAttemptAt</c> not after it) for <paramref name="owner"/> (an instance id) until <paramref name="now"/> +
    /// <paramref name="lease"/>, and returns them earliest due first. A record another owner holds under a lease that has
    /// not expired is skipped, so instances sharing one store never send the same record at the same time; a lease that
    /// expired (its instance died mid-send) lets another owner take the record over, and the reconciliation of
    /// <c>AttemptStartedAt</c> then prevents a resend of what was already posted. An owner claiming again renews its own
    /// lease. The claim is not part of <see cref="DeliveryRecord"/>: <see cref="UpdateAsync"/> keeps it, and
    /// <see cref="ReleaseAsync"/> or the lease's end drops it. A store only one process uses can keep the leases in memory
    /// (<see cref="InProcessClaims"/>); a shared store must claim atomically (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>).
    /// </summary>
    Task<IReadOnlyList<DeliveryRecord>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the record with <paramref name="key"/> for <paramref name="owner"/> until <paramref name="now"/> +
    /// <paramref name="lease"/> if it is pending and no other owner holds it under a lease that has not expired (an
    /// owner claiming again renews its own lease). Returns the stored record either way, and when another owner holds
    /// it, until when. Atomic across every instance sharing the store: of two owners claiming at once, one gets it.
    /// </summary>
    Task<DeliveryClaim> TryClaimAsync(string key, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Drops <paramref name="owner"/>'s claim on the record with <paramref name="key"/> (after recording its outcome, or to hand it back); another owner's claim stays.</summary>
    Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken);
}

using Dpse.Core.Audit;
using Dpse.Core.Identity;

namespace Dpse.Core.Events;

/// <summary>
/// Where events and their RSVPs live. Writes carry their audit entry and are atomic with it.
/// Implementations must pass <c>EventStoreContract</c> in Dpse.Testing.
/// </summary>
public interface IEventStore
{
    /// <summary>Adds a new event, assigning the next number, and returns it. The audit entry's target is set to the new id.</summary>
    Task<CommunityEvent> AddAsync(CommunityEvent draft, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>The event with this number, or null.</summary>
    Task<CommunityEvent?> GetAsync(int number, CancellationToken cancellationToken);

    /// <summary>Replaces an existing event (same number).</summary>
    Task UpdateAsync(CommunityEvent communityEvent, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Sets (adds or replaces) one person's RSVP atomically and returns the updated event, or null if it does not exist.</summary>
    Task<CommunityEvent?> SetRsvpAsync(int number, Rsvp rsvp, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Events, cancelled or not, any status, whose start is in [from, to), soonest first.</summary>
    Task<IReadOnlyList<CommunityEvent>> ListStartingBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Every event the person organised or answered (me export / me forget).</summary>
    Task<IReadOnlyList<CommunityEvent>> ListInvolvingAsync(ActorRef person, CancellationToken cancellationToken);

    /// <summary>Every event in number order (export).</summary>
    Task<IReadOnlyList<CommunityEvent>> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces events keeping their numbers (import).</summary>
    Task ImportAsync(IReadOnlyList<CommunityEvent> events, AuditEntry audit, CancellationToken cancellationToken);
}

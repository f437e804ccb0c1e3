using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Core.Privacy;
using Dpse.Core.Stories;
using Dpse.Core.Writes;

namespace Dpse.Core.Events;

/// <summary>
/// Where events and their RSVPs live. Writes carry their audit entry, are atomic with it, and write it only when the
/// change happened. As for stories there is no whole-record replace: narrow operations (RSVP, cancel, set status,
/// forget a person) and a compare-and-swap on <see cref="CommunityEvent.Version"/> for the details an organiser edits.
/// An RSVP does not change the version. Implementations must pass <c>EventStoreContract</c> and
/// <c>EventConcurrencyContract</c> in Dpse.Testing.
/// </summary>
public interface IEventStore
{
    /// <summary>Adds a new event, assigning the next number, and returns it. The audit entry's target is set to the new id.</summary>
    Task<CommunityEvent> AddAsync(CommunityEvent draft, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>The event with this number, or null.</summary>
    Task<CommunityEvent?> GetAsync(int number, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-swap of the details an organiser edits. Writes exactly these fields of <paramref name="edited"/>:
    /// title, description, start (UTC, local, zone), duration, location, reminder offsets and updated-at; increments the
    /// version. Never writes RSVPs, cancelled, status, organiser, origin or created-at. Succeeds only if the stored
    /// version equals <paramref name="edited"/>.Version. Returns Done with the event as stored, Conflict (with the
    /// current event) or NotFound.
    /// </summary>
    Task<WriteResult<CommunityEvent>> UpdateDetailsAsync(CommunityEvent edited, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Sets the status (hide, restore) if it differs, updated-at = <paramref name="at"/>, incrementing the version. Done or Unchanged with the event as stored, or NotFound.</summary>
    Task<WriteResult<CommunityEvent>> SetStatusAsync(int number, ContentStatus status, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Marks the event cancelled (keeping its RSVPs), updated-at = <paramref name="at"/>, incrementing the version. Done, Unchanged if already cancelled, or NotFound.</summary>
    Task<WriteResult<CommunityEvent>> CancelAsync(int number, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>
    /// Sets (adds or replaces) one person's RSVP (version unchanged). Done with the event as stored, NotFound, or Erased
    /// if the person was erased at or after <paramref name="rsvp"/>.At.
    /// </summary>
    Task<WriteResult<CommunityEvent>> SetRsvpAsync(int number, Rsvp rsvp, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: removes the person's RSVPs; makes every event they organise show the pseudonym (incrementing
    /// its version); writes <see cref="PersonErasure.Entry"/> per event changed; remembers the erasure so an RSVP begun
    /// before it is refused afterwards.
    /// </summary>
    Task<ErasedCounts> ForgetPersonAsync(PersonErasure erasure, CancellationToken cancellationToken);

    /// <summary>Events, cancelled or not, any status, whose start is in [from, to), soonest first.</summary>
    Task<IReadOnlyList<CommunityEvent>> ListStartingBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Every event the person organised or answered (me export / me forget).</summary>
    Task<IReadOnlyList<CommunityEvent>> ListInvolvingAsync(ActorRef person, CancellationToken cancellationToken);

    /// <summary>Every event in number order (export).</summary>
    Task<IReadOnlyList<CommunityEvent>> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces events keeping their numbers (import).</summary>
    Task ImportAsync(IReadOnlyList<CommunityEvent> events, AuditEntry audit, CancellationToken cancellationToken);
}

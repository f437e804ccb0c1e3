using Dpse.Core.Audit;
using Dpse.Core.Events;
using Dpse.Core.Identity;

namespace Dpse.Testing.InMemory;

/// <summary>Events in a dictionary. Thread-safe: one lock around each operation, a write and its audit entry together.</summary>
public sealed class InMemoryEventStore(InMemoryAuditLog auditLog) : IEventStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<int, CommunityEvent> _events = [];
    private int _lastNumber;

    /// <summary>A store with its own audit log.</summary>
    public InMemoryEventStore()
        : this(new InMemoryAuditLog())
    {
    }

    /// <summary>The audit log this store writes to.</summary>
    public InMemoryAuditLog Audit { get; } = auditLog;

    /// <inheritdoc />
    public Task<CommunityEvent> AddAsync(CommunityEvent draft, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(audit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var added = Copy(draft) with { Number = _lastNumber + 1 };
            _events[added.Number] = added;
            _lastNumber = added.Number;
            Audit.Record(audit with { Target = added.Id });
            return Task.FromResult(added);
        }
    }

    /// <inheritdoc />
    public Task<CommunityEvent?> GetAsync(int number, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_events.GetValueOrDefault(number));
        }
    }

    /// <inheritdoc />
    public Task UpdateAsync(CommunityEvent communityEvent, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(communityEvent);
        ArgumentNullException.ThrowIfNull(audit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_events.ContainsKey(communityEvent.Number))
            {
                throw new InvalidOperationException($"{communityEvent.Id} does not exist.");
            }

            _events[communityEvent.Number] = Copy(communityEvent);
            Audit.Record(audit);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<CommunityEvent?> SetRsvpAsync(int number, Rsvp rsvp, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        ArgumentNullException.ThrowIfNull(audit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_events.TryGetValue(number, out var existing))
            {
                return Task.FromResult<CommunityEvent?>(null);
            }

            var updated = existing with { Rsvps = [.. existing.Rsvps.Where(r => r.Person != rsvp.Person), rsvp] };
            _events[number] = updated;
            Audit.Record(audit);
            return Task.FromResult<CommunityEvent?>(updated);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CommunityEvent>> ListStartingBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        List(e => e.StartUtc >= from && e.StartUtc < to, byStart: true, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CommunityEvent>> ListInvolvingAsync(ActorRef person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        return List(e => e.Organiser == person || e.Rsvps.Any(r => r.Person == person), byStart: false, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CommunityEvent>> ListAllAsync(CancellationToken cancellationToken) => List(_ => true, byStart: false, cancellationToken);

    /// <inheritdoc />
    public Task ImportAsync(IReadOnlyList<CommunityEvent> events, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(audit);
        cancellationToken.ThrowIfCancellationRequested();
        if (events.Any(e => e.Number <= 0))
        {
            throw new ArgumentException("Imported events must carry their numbers.", nameof(events));
        }

        lock (_gate)
        {
            foreach (var imported in events)
            {
                _events[imported.Number] = Copy(imported);
                _lastNumber = Math.Max(_lastNumber, imported.Number);
            }

            Audit.Record(audit);
            return Task.CompletedTask;
        }
    }

    private Task<IReadOnlyList<CommunityEvent>> List(Func<CommunityEvent, bool> predicate, bool byStart, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var matches = _events.Values.Where(predicate);
            if (byStart)
            {
                matches = matches.OrderBy(e => e.StartUtc).ThenBy(e => e.Number);
            }

            IReadOnlyList<CommunityEvent> result = [.. matches];
            return Task.FromResult(result);
        }
    }

    private static CommunityEvent Copy(CommunityEvent e) => e with
    {
        ReminderOffsets = e.ReminderOffsets is null ? null : [.. e.ReminderOffsets],
        Rsvps = [.. e.Rsvps],
    };
}

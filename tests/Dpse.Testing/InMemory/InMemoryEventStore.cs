using Dpse.Core.Audit;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Privacy;
using Dpse.Core.Stories;
using Dpse.Core.Writes;

namespace Dpse.Testing.InMemory;

/// <summary>Events in a dictionary. Thread-safe: one lock around each operation, a write and its audit entry together.</summary>
public sealed class InMemoryEventStore(InMemoryAuditLog auditLog) : IEventStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<int, CommunityEvent> _events = [];
    private int _lastNumber;

    // Erased people by key, with the instant of their latest erasure (a fake may keep the key; real stores keep a fingerprint).
    private readonly Dictionary<string, DateTimeOffset> _erasures = new(StringComparer.Ordinal);

    /// <summary>A store with its own audit log.</summary>
    public InMemoryEventStore()
        : this(new InMemoryAuditLog())
    {
    }

    /// <summary>The audit log this store writes to.</summary>
    public InMemoryAuditLog Audit { get; } = auditLog;

    /// <summary>When true every call yields before it touches the data, as a real store does while it waits for I/O, so racing callers interleave.</summary>
    public bool YieldEveryCall { get; set; }

    /// <inheritdoc />
    public async Task<CommunityEvent> AddAsync(CommunityEvent draft, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(audit);
        await PauseAsync(cancellationToken);
        lock (_gate)
        {
            var added = Copy(draft) with { Number = _lastNumber + 1, Version = 1 };
            _events[added.Number] = added;
            _lastNumber = added.Number;
            Audit.Record(audit with { Target = added.Id });
            return added;
        }
    }

    /// <inheritdoc />
    public async Task<CommunityEvent?> GetAsync(int number, CancellationToken cancellationToken)
    {
        await PauseAsync(cancellationToken);
        lock (_gate)
        {
            return _events.GetValueOrDefault(number);
        }
    }

    /// <inheritdoc />
    public async Task<WriteResult<CommunityEvent>> UpdateDetailsAsync(CommunityEvent edited, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edited);
        ArgumentNullException.ThrowIfNull(audit);
        await PauseAsync(cancellationToken);
        lock (_gate)
        {
            if (!_events.TryGetValue(edited.Number, out var old))
            {
                return WriteResult<CommunityEvent>.NotFound();
            }

            if (old.Version != edited.Version)
            {
                return WriteResult<CommunityEvent>.Conflict(old);
            }

            var details = Copy(edited);
            return Replace(old.WithEditedDetails(details), audit);
        }
    }

    /// <inheritdoc />
    public async Task<WriteResult<CommunityEvent>> SetStatusAsync(int number, ContentStatus status, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        await PauseAsync(cancellationToken);
        lock (_gate)
        {
            if (!_events.TryGetValue(number, out var old))
            {
                return WriteResult<CommunityEvent>.NotFound();
            }

            return old.Status == status
                ? WriteResult<CommunityEvent>.Unchanged(old)
                : Replace(old with { Status = status, UpdatedAt = at, Version = old.Version + 1 }, audit);
        }
    }

    /// <inheritdoc />
    public async Task<WriteResult<CommunityEvent>> CancelAsync(int number, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        await PauseAsync(cancellationToken);
        lock (_gate)
        {
            if (!_events.TryGetValue(number, out var old))
            {
                return WriteResult<CommunityEvent>.NotFound();
            }

            return old.Cancelled
                ? WriteResult<CommunityEvent>.Unchanged(old)
                : Replace(old with { Cancelled = true, UpdatedAt = at, Version = old.Version + 1 }, audit);
        }
    }

    /// <inheritdoc />
    public async Task<WriteResult<CommunityEvent>> SetRsvpAsync(int number, Rsvp rsvp, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        ArgumentNullException.ThrowIfNull(audit);
        await PauseAsync(cancellationToken);
        lock (_gate)
        {
            if (!_events.TryGetValue(number, out var existing))
            {
                return WriteResult<CommunityEvent>.NotFound();
            }

            if (_erasures.TryGetValue(rsvp.Person.Key, out var erasedAt) && erasedAt >= rsvp.At)
            {
                return WriteResult<CommunityEvent>.Erased(existing);
            }

            return Replace(existing with { Rsvps = [.. existing.Rsvps.Where(r => r.Person != rsvp.Person), rsvp] }, audit);
        }
    }

    /// <inheritdoc />
    public async Task<ErasedCounts> ForgetPersonAsync(PersonErasure erasure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        await PauseAsync(cancellationToken);
        lock (_gate)
        {
            var (anonymised, removed) = (0, 0);
            foreach (var ev in _events.Values.ToList())
            {
                var organised = ev.Organiser == erasure.Person;
                var answered = ev.Rsvps.Any(r => r.Person == erasure.Person);
                if (!organised && !answered)
                {
                    continue;
                }

                anonymised += organised ? 1 : 0;
                removed += answered ? 1 : 0;
                Replace(ev with
                {
                    Organiser = organised ? erasure.Pseudonym : ev.Organiser,
                    OrganiserName = organised ? PersonErasure.FormerMember : ev.OrganiserName,
                    Rsvps = [.. ev.Rsvps.Where(r => r.Person != erasure.Person)],
                    Version = organised ? ev.Version + 1 : ev.Version,
                }, erasure.Entry(ev.Id));
            }

            _erasures[erasure.Person.Key] = _erasures.TryGetValue(erasure.Person.Key, out var earlier) && earlier > erasure.At ? earlier : erasure.At;
            return new ErasedCounts(anonymised, removed);
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
                _events[imported.Number] = Copy(imported) with { Version = Math.Max(imported.Version, (_events.GetValueOrDefault(imported.Number)?.Version ?? 0) + 1) };
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

    private WriteResult<CommunityEvent> Replace(CommunityEvent updated, AuditEntry audit)
    {
        _events[updated.Number] = updated;
        Audit.Record(audit);
        return WriteResult<CommunityEvent>.Done(updated);
    }

    private async Task PauseAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (YieldEveryCall)
        {
            await Task.Yield();
        }
    }

    private static CommunityEvent Copy(CommunityEvent e) => e with
    {
        ReminderOffsets = e.ReminderOffsets is null ? null : [.. e.ReminderOffsets],
        Rsvps = [.. e.Rsvps],
    };
}

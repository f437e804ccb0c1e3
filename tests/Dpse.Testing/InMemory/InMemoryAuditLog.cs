using Dpse.Core.Audit;
using Dpse.Core.Identity;

namespace Dpse.Testing.InMemory;

/// <summary>
/// The audit trail in a list. The in-memory stores of one <see cref="InMemoryExchangeStores"/> share it, so the
/// entries their writes carry arrive here with increasing ids.
/// </summary>
public sealed class InMemoryAuditLog : IAuditLog
{
    private readonly Lock _gate = new();
    private readonly List<AuditEntry> _entries = [];
    private long _lastId;

    /// <summary>Every entry, oldest first (for assertions).</summary>
    public IReadOnlyList<AuditEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <inheritdoc />
    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        Record(entry);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ListAsync(string? target, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<AuditEntry> result =
            [
                .. _entries
                    .Where(e => target is null || string.Equals(e.Target, target, StringComparison.Ordinal))
                    .OrderByDescending(e => e.Id)
                    .Take(Math.Max(0, limit)),
            ];
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ListByActorAsync(ActorRef actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<AuditEntry> result = [.. _entries.Where(e => e.Actor == actor).OrderByDescending(e => e.Id)];
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc />
    public Task<int> RedactActorAsync(ActorRef actor, ActorRef replacement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(replacement);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var count = 0;
            for (var i = 0; i < _entries.Count; i++)
            {
                if (_entries[i].Actor == actor)
                {
                    _entries[i] = _entries[i] with { Actor = replacement, ActorName = replacement.UserId };
                    count++;
                }
            }

            return Task.FromResult(count);
        }
    }

    /// <summary>Appends an entry with the next id and returns it as stored.</summary>
    internal AuditEntry Record(AuditEntry entry)
    {
        lock (_gate)
        {
            var stored = entry with { Id = ++_lastId };
            _entries.Add(stored);
            return stored;
        }
    }
}

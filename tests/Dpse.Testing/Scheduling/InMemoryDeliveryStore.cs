using Dpse.Core.Deliveries;

namespace Dpse.Testing.Scheduling;

/// <summary>
/// The outbox in a dictionary. Survives a simulated restart when the same instance is handed to a new scheduler,
/// as a file would. <see cref="FailUpdateWhen"/> simulates a crash after a send but before it is recorded.
/// </summary>
public sealed class InMemoryDeliveryStore : IDeliveryStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DeliveryRecord> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _bySubject = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly InProcessClaims _claims = new();

    /// <summary>
    /// When set, the first update it matches throws (and the predicate is cleared), as if the process died after the
    /// send but before the outcome was written.
    /// </summary>
    public Func<DeliveryRecord, bool>? FailUpdateWhen { get; set; }

    private int _claimAttempts;

    /// <summary>How many times any owner has tried to claim a record by key (<see cref="TryClaimAsync"/>).</summary>
    public int ClaimAttempts => Volatile.Read(ref _claimAttempts);

    /// <summary>A snapshot of every record.</summary>
    public IReadOnlyList<DeliveryRecord> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _records.Values.OrderBy(r => r.DueAt).ThenBy(r => r.Key, StringComparer.Ordinal)];
            }
        }
    }

    /// <inheritdoc />
    public Task<DeliveryRecord?> GetAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_records.GetValueOrDefault(key));
        }
    }

    /// <inheritdoc />
    public Task<int> DeleteDirectMessagesToAsync(Dpse.Core.Identity.ActorRef person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var target = new Dpse.Core.Sending.DirectTarget(person);
        lock (_gate)
        {
            var gone = _records.Values.Where(r => r.Target == target).ToList();
            foreach (var record in gone)
            {
                _records.Remove(record.Key);
                _bySubject[record.Subject].Remove(record.Key);
                _pending.Remove(record.Key);
            }

            return Task.FromResult(gone.Count);
        }
    }

    /// <inheritdoc />
    public Task<bool> TryAddAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_records.TryAdd(record.Key, record))
            {
                return Task.FromResult(false);
            }

            if (!_bySubject.TryGetValue(record.Subject, out var keys))
            {
                _bySubject[record.Subject] = keys = [];
            }

            keys.Add(record.Key);
            Track(record);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task UpdateAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (FailUpdateWhen is { } fail && fail(record))
            {
                FailUpdateWhen = null;
                throw new IOException("Simulated crash before the delivery was recorded.");
            }

            if (!_records.ContainsKey(record.Key))
            {
                throw new InvalidOperationException($"No delivery record {record.Key}.");
            }

            _records[record.Key] = record;
            Track(record);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryRecord>> ListAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(All);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryRecord>> ListPendingAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(Sorted(_pending));
        }
    }

    /// <inheritdoc />
    public Task<int> CountPendingAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_pending.Count);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryRecord>> ListBySubjectAsync(string subject, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_bySubject.TryGetValue(subject, out var keys) ? Sorted(keys) : []);
        }
    }

    private IReadOnlyList<DeliveryRecord> Sorted(IEnumerable<string> keys) =>
        [.. keys.Select(k => _records[k]).OrderBy(r => r.DueAt).ThenBy(r => r.Key, StringComparer.Ordinal)];

    private void Track(DeliveryRecord record)
    {
        if (record.Status == DeliveryStatus.Pending)
        {
            _pending.Add(record.Key);
        }
        else
        {
            _pending.Remove(record.Key);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryRecord>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // Under the store's lock, so no update lands between reading what is pending and claiming it.
            var pending = Sorted(_pending);
            return Task.FromResult(_claims.Claim(pending, owner, now, lease, limit));
        }
    }

    /// <inheritdoc />
    public Task<DeliveryClaim> TryClaimAsync(string key, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _claimAttempts);
        lock (_gate)
        {
            return Task.FromResult(_claims.TryClaim(_records.GetValueOrDefault(key), owner, now, lease));
        }
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _claims.Release(key, owner);
        return Task.CompletedTask;
    }
}

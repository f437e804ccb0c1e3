using Dpse.Core.Deliveries;

namespace Dpse.Testing.Scheduling;

/// <summary>
/// The outbox in a dictionary. Survives a simulated restart when the same instance is handed to a new scheduler,
/// as a file would. <see cref="FailNextUpdates"/> simulates a crash after a send but before it is recorded.
/// </summary>
public sealed class InMemoryDeliveryStore : IDeliveryStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DeliveryRecord> _records = new(StringComparer.Ordinal);

    /// <summary>When above zero, the next updates throw (and count down), as if the process died before writing.</summary>
    public int FailNextUpdates { get; set; }

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
    public Task<bool> TryAddAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_records.TryAdd(record.Key, record));
        }
    }

    /// <inheritdoc />
    public Task UpdateAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (FailNextUpdates > 0)
            {
                FailNextUpdates--;
                throw new IOException("Simulated crash before the delivery was recorded.");
            }

            if (!_records.ContainsKey(record.Key))
            {
                throw new InvalidOperationException($"No delivery record {record.Key}.");
            }

            _records[record.Key] = record;
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryRecord>> ListPendingAsync(CancellationToken cancellationToken) =>
        List(r => r.Status == DeliveryStatus.Pending, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryRecord>> ListBySubjectAsync(string subject, CancellationToken cancellationToken) =>
        List(r => string.Equals(r.Subject, subject, StringComparison.Ordinal), cancellationToken);

    private Task<IReadOnlyList<DeliveryRecord>> List(Func<DeliveryRecord, bool> filter, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<DeliveryRecord> result = [.. _records.Values.Where(filter).OrderBy(r => r.DueAt).ThenBy(r => r.Key, StringComparer.Ordinal)];
            return Task.FromResult(result);
        }
    }
}

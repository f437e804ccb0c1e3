namespace Dpse.Core.Health;

/// <summary>
/// The state of every enabled platform adapter, reported by the adapters themselves. Readiness and metrics read it;
/// the host watches <see cref="AllStopped"/> so a process whose every adapter stopped for good exits instead of
/// running deaf. A stop is final: later reports from that adapter are ignored.
/// </summary>
public sealed class AdapterStatusBoard
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, AdapterStatus> _statuses = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<IReadOnlyList<AdapterStatus>> _allStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;

    /// <summary>Creates the board with every adapter expected to run, each <see cref="AdapterState.Connecting"/>.</summary>
    public AdapterStatusBoard(IEnumerable<ExpectedAdapter> expected, TimeProvider time)
    {
        _time = time;
        foreach (var adapter in expected)
        {
            _statuses[adapter.Name] = new AdapterStatus(adapter.Name, AdapterState.Connecting, "starting", time.GetUtcNow());
        }
    }

    /// <summary>Completes, with the final statuses, when every expected adapter has stopped for good (never when none is expected).</summary>
    public Task<IReadOnlyList<AdapterStatus>> AllStopped => _allStopped.Task;

    /// <summary>Records an adapter's new state with a short, token-free reason.</summary>
    public void Report(string adapter, AdapterState state, string detail)
    {
        IReadOnlyList<AdapterStatus>? final = null;
        lock (_lock)
        {
            if (_statuses.TryGetValue(adapter, out var current) && current.State == AdapterState.Stopped)
            {
                return;
            }

            if (current is null || current.State != state || current.Detail != detail)
            {
                _statuses[adapter] = new AdapterStatus(adapter, state, detail, _time.GetUtcNow());
            }

            if (state == AdapterState.Stopped && _statuses.Values.All(s => s.State == AdapterState.Stopped))
            {
                final = [.. _statuses.Values.OrderBy(s => s.Adapter, StringComparer.Ordinal)];
            }
        }

        if (final is not null)
        {
            _allStopped.TrySetResult(final);
        }
    }

    /// <summary>Every adapter's latest status, by name.</summary>
    public IReadOnlyList<AdapterStatus> Snapshot()
    {
        lock (_lock)
        {
            return [.. _statuses.Values.OrderBy(s => s.Adapter, StringComparer.Ordinal)];
        }
    }
}

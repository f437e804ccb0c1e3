namespace Dpse.Core.Instances;

/// <summary>
/// The shared state of instances that live in one process: the only ones there are with the LiteDB file ("this
/// instance holds everything"), and several in tests that run two adapters side by side. The per-instance views
/// (<see cref="LocalInstanceMembership"/>, <see cref="LocalShardOwnership"/>, <see cref="LocalIdentifyTurns"/>,
/// <see cref="LocalClusterLock"/>) all read and write here under one lock.
/// </summary>
public sealed class LocalCluster(TimeProvider timeProvider)
{
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<int, object> _holders = [];
    private readonly Dictionary<int, DateTimeOffset> _identified = [];
    private readonly Dictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    internal Lock Gate { get; } = new();

    internal TimeProvider Time => timeProvider;

    internal InstanceCensus Beat(string instanceId, TimeSpan timeToLive)
    {
        lock (Gate)
        {
            var now = timeProvider.GetUtcNow();
            _seen[instanceId] = now;
            var live = _seen.Where(seen => now - seen.Value < timeToLive).Select(seen => seen.Key).Order(StringComparer.Ordinal).ToList();
            return new InstanceCensus(live.Count, live.IndexOf(instanceId));
        }
    }

    internal void Leave(string instanceId)
    {
        lock (Gate)
        {
            _seen.Remove(instanceId);
        }
    }

    internal bool TryHold(int shardId, object holder)
    {
        lock (Gate)
        {
            return _holders.TryAdd(shardId, holder);
        }
    }

    internal void Release(int shardId, object holder)
    {
        lock (Gate)
        {
            if (_holders.TryGetValue(shardId, out var current) && ReferenceEquals(current, holder))
            {
                _holders.Remove(shardId);
            }
        }
    }

    internal TimeSpan TakeTurn(int bucket, TimeSpan interval)
    {
        lock (Gate)
        {
            var now = timeProvider.GetUtcNow();
            if (_identified.TryGetValue(bucket, out var last) && now - last < interval)
            {
                return last + interval - now;
            }

            _identified[bucket] = now;
            return TimeSpan.Zero;
        }
    }

    internal SemaphoreSlim LockFor(string name)
    {
        lock (Gate)
        {
            if (!_locks.TryGetValue(name, out var gate))
            {
                gate = new SemaphoreSlim(1, 1);
                _locks[name] = gate;
            }

            return gate;
        }
    }
}

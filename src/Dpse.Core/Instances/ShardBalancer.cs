namespace Dpse.Core.Instances;

/// <summary>
/// Spreads gateway shards evenly over the live instances, one turn at a time: an instance holds at most its share
/// (<see cref="InstanceCensus.ShareOf"/>: <c>shards / live</c>, one more for the first ranks, never above
/// <c>ceil(shards / live)</c>). Each turn drops holds that were lost, gives back holds above that share
/// (a new instance joined), and tries the free shards in order until it holds its share, so the shards of an
/// instance that died are picked up by the survivors on their next turn. The caller stops a shard before its hold is
/// released (the <c>stop</c> callback) and starts the shards a turn took.
/// </summary>
public sealed class ShardBalancer(IShardOwnership ownership, int shardCount)
{
    private readonly SortedDictionary<int, IShardHold> _held = [];

    /// <summary>The shards this instance holds now.</summary>
    public IReadOnlyList<int> Held => [.. _held.Keys];

    /// <summary>
    /// One turn. <paramref name="stop"/> is awaited for every shard this instance must no longer run (lost or given
    /// back) before its hold is released; returns the holds taken in this turn, whose shards the caller starts.
    /// </summary>
    public async Task<IReadOnlyList<IShardHold>> TurnAsync(InstanceCensus census, Func<int, Task> stop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stop);
        foreach (var (shard, hold) in _held.ToList())
        {
            if (hold.Lost.IsCancellationRequested || !await hold.CheckAsync(cancellationToken))
            {
                await stop(shard);
                _held.Remove(shard);
                await hold.DisposeAsync();
            }
        }

        var share = census.ShareOf(shardCount);
        foreach (var (shard, hold) in _held.Reverse().Take(Math.Max(0, _held.Count - share)).ToList())
        {
            await stop(shard);
            _held.Remove(shard);
            await hold.DisposeAsync();
        }

        var taken = new List<IShardHold>();
        for (var shard = 0; shard < shardCount && _held.Count < share; shard++)
        {
            if (_held.ContainsKey(shard))
            {
                continue;
            }

            if (await ownership.TryHoldAsync(shard, cancellationToken) is { } hold)
            {
                _held[shard] = hold;
                taken.Add(hold);
            }
        }

        return taken;
    }

    /// <summary>Stops and releases every shard held (at shutdown).</summary>
    public async Task ReleaseAllAsync(Func<int, Task> stop)
    {
        ArgumentNullException.ThrowIfNull(stop);
        foreach (var (shard, hold) in _held.ToList())
        {
            await stop(shard);
            _held.Remove(shard);
            await hold.DisposeAsync();
        }
    }
}

namespace Dpse.Discord.Gateway;

/// <summary>
/// Discord allows <c>max_concurrency</c> IDENTIFYs per 5 s, keyed by <c>shard_id % max_concurrency</c>; each key waits
/// 5 s after its previous identify. RESUMEs do not pass through here.
/// </summary>
internal sealed class IdentifyLimiter(TimeProvider timeProvider, int maxConcurrency)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly int _maxConcurrency = Math.Max(1, maxConcurrency);
    private readonly Dictionary<int, (SemaphoreSlim Gate, long? Last)> _keys = [];
    private readonly Lock _lock = new();

    public int MaxConcurrency => _maxConcurrency;

    public async Task WaitAsync(int shardId, CancellationToken cancellationToken)
    {
        var key = shardId % _maxConcurrency;
        SemaphoreSlim gate;
        lock (_lock)
        {
            if (!_keys.TryGetValue(key, out var entry))
            {
                entry = (new SemaphoreSlim(1, 1), null);
                _keys[key] = entry;
            }

            gate = entry.Gate;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            long? last;
            lock (_lock)
            {
                last = _keys[key].Last;
            }

            if (last is { } previous)
            {
                var wait = Interval - timeProvider.GetElapsedTime(previous);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, timeProvider, cancellationToken);
                }
            }

            lock (_lock)
            {
                _keys[key] = (gate, timeProvider.GetTimestamp());
            }
        }
        finally
        {
            gate.Release();
        }
    }
}

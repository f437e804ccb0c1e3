using Dpse.Core.Instances;

namespace Dpse.Discord.Gateway;

/// <summary>
/// Discord allows <c>max_concurrency</c> IDENTIFYs per 5 s, keyed by <c>shard_id % max_concurrency</c>; each key waits
/// 5 s after its previous identify, taken by any instance of the bot (<see cref="IIdentifyTurns"/>). Shards of this
/// process queue for their key one at a time. RESUMEs do not pass through here.
/// </summary>
internal sealed class IdentifyLimiter(TimeProvider timeProvider, int maxConcurrency, IIdentifyTurns turns)
{
    /// <summary>A limiter for this process alone.</summary>
    public IdentifyLimiter(TimeProvider timeProvider, int maxConcurrency)
        : this(timeProvider, maxConcurrency, new LocalIdentifyTurns(new LocalCluster(timeProvider)))
    {
    }

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly int _maxConcurrency = Math.Max(1, maxConcurrency);
    private readonly Dictionary<int, SemaphoreSlim> _keys = [];
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
                entry = new SemaphoreSlim(1, 1);
                _keys[key] = entry;
            }

            gate = entry;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            while (await TryTakeAsync(key, cancellationToken) is var wait && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, timeProvider, cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    // A store that cannot answer gives no turn: wait an interval and ask again rather than identify unchecked.
    private async Task<TimeSpan> TryTakeAsync(int key, CancellationToken cancellationToken)
    {
        try
        {
            return await turns.TryTakeAsync(key, Interval, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Interval;
        }
    }
}

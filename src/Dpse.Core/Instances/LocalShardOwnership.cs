namespace Dpse.Core.Instances;

/// <summary>
/// Shard holds among the instances of one process (<see cref="LocalCluster"/>). A hold cannot be lost behind its
/// holder's back, so a new holder starts at once. Disposing the ownership plays an instance's session breaking: every
/// hold it gave reports <see cref="IShardHold.Lost"/>; each shard is free again once its holder disposes the hold.
/// </summary>
public sealed class LocalShardOwnership(LocalCluster cluster) : IShardOwnership, IDisposable
{
    private readonly CancellationTokenSource _session = new();

    /// <inheritdoc />
    public TimeSpan StartDelay => TimeSpan.Zero;

    /// <inheritdoc />
    public Task<IShardHold?> TryHoldAsync(int shardId, CancellationToken cancellationToken)
    {
        if (_session.IsCancellationRequested)
        {
            return Task.FromResult<IShardHold?>(null);
        }

        var hold = new Hold(cluster, shardId, _session.Token);
        return Task.FromResult<IShardHold?>(cluster.TryHold(shardId, hold) ? hold : null);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Not disposed: holds handed out keep reading their token.
        _session.Cancel();
    }

    private sealed class Hold(LocalCluster cluster, int shardId, CancellationToken session) : IShardHold
    {
        public int ShardId => shardId;

        public CancellationToken Lost => session;

        public Task<bool> CheckAsync(CancellationToken cancellationToken) => Task.FromResult(!session.IsCancellationRequested);

        public ValueTask DisposeAsync()
        {
            cluster.Release(shardId, this);
            return ValueTask.CompletedTask;
        }
    }
}

namespace Dpse.Core.Instances;

/// <summary>Named locks among the instances of one process (<see cref="LocalCluster"/>).</summary>
public sealed class LocalClusterLock(LocalCluster cluster) : IClusterLock
{
    /// <inheritdoc />
    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var gate = cluster.LockFor(name);
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _done;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                gate.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}

namespace Dpse.Core.Instances;

/// <summary>Identify turns among the instances of one process (<see cref="LocalCluster"/>).</summary>
public sealed class LocalIdentifyTurns(LocalCluster cluster) : IIdentifyTurns
{
    /// <inheritdoc />
    public Task<TimeSpan> TryTakeAsync(int bucket, TimeSpan interval, CancellationToken cancellationToken) =>
        Task.FromResult(cluster.TakeTurn(bucket, interval));
}

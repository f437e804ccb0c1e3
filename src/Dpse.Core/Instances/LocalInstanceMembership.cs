using Microsoft.Extensions.Options;

namespace Dpse.Core.Instances;

/// <summary>Membership among the instances of one process (<see cref="LocalCluster"/>).</summary>
public sealed class LocalInstanceMembership(LocalCluster cluster, IOptions<InstanceOptions> options) : IInstanceMembership
{
    /// <inheritdoc />
    public string InstanceId { get; } = options.Value.Id;

    /// <inheritdoc />
    public Task<InstanceCensus> HeartbeatAsync(CancellationToken cancellationToken) =>
        Task.FromResult(cluster.Beat(InstanceId, options.Value.TimeToLive));

    /// <inheritdoc />
    public Task LeaveAsync(CancellationToken cancellationToken)
    {
        cluster.Leave(InstanceId);
        return Task.CompletedTask;
    }
}

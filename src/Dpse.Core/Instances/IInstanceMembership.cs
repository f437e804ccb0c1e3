namespace Dpse.Core.Instances;

/// <summary>
/// Which bot instances are alive. Each instance beats every few seconds; one that has not beaten within the time to
/// live counts as gone. Work that is shared out (gateway shards, the REST budget) is divided by the live count, so a
/// store that serves one process answers 1 and a shared store answers how many instances run on it.
/// </summary>
public interface IInstanceMembership
{
    /// <summary>This instance's id (unique among instances sharing a store).</summary>
    string InstanceId { get; }

    /// <summary>Records that this instance is alive now and returns how many instances are live (this one included) and its rank among them.</summary>
    Task<InstanceCensus> HeartbeatAsync(CancellationToken cancellationToken);

    /// <summary>Removes this instance at a clean stop, so the others take up its share at once instead of after the time to live.</summary>
    Task LeaveAsync(CancellationToken cancellationToken);
}

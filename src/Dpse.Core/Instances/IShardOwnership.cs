namespace Dpse.Core.Instances;

/// <summary>
/// Who runs which gateway shard: each shard is held by at most one instance at a time. A hold lasts until it is
/// disposed or lost; a shared store ties it to something that dies with the instance (a database session), so a
/// crashed instance's shards are free again for the others.
/// </summary>
public interface IShardOwnership
{
    /// <summary>
    /// How long a new holder waits before it starts what it took, so an instance that lost its hold without noticing
    /// yet (it checks every <see cref="IShardHold.CheckAsync"/> turn) has stopped first. Zero when a hold cannot be lost.
    /// </summary>
    TimeSpan StartDelay { get; }

    /// <summary>Takes shard <paramref name="shardId"/> if no instance holds it; null when one does.</summary>
    Task<IShardHold?> TryHoldAsync(int shardId, CancellationToken cancellationToken);
}

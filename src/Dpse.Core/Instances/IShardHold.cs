namespace Dpse.Core.Instances;

/// <summary>One shard held by this instance. Disposing releases it; the shard must be stopped before that.</summary>
public interface IShardHold : IAsyncDisposable
{
    /// <summary>The shard held.</summary>
    int ShardId { get; }

    /// <summary>Cancelled when the hold is lost (the session behind it broke): stop the shard at once.</summary>
    CancellationToken Lost { get; }

    /// <summary>Checks that the hold is still there; false (and <see cref="Lost"/> cancelled) when it is not.</summary>
    Task<bool> CheckAsync(CancellationToken cancellationToken);
}

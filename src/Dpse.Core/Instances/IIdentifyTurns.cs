namespace Dpse.Core.Instances;

/// <summary>
/// Turns to start a gateway session, shared by every instance: Discord allows one IDENTIFY per rate-limit bucket
/// (<c>shard_id % max_concurrency</c>) every few seconds across the whole bot, not per process.
/// </summary>
public interface IIdentifyTurns
{
    /// <summary>
    /// Takes the turn of <paramref name="bucket"/> when its last turn, taken by any instance, is at least
    /// <paramref name="interval"/> ago, and returns <see cref="TimeSpan.Zero"/>; otherwise takes nothing and returns how
    /// long until the turn comes.
    /// </summary>
    Task<TimeSpan> TryTakeAsync(int bucket, TimeSpan interval, CancellationToken cancellationToken);
}

namespace Dpse.Core.Writes;

/// <summary>
/// The bounded retry every compare-and-swap caller uses: read the record, apply only what the person typed, write on
/// the version read; on <see cref="WriteStatus.Conflict"/> read again and re-apply, at most <see cref="MaxAttempts"/> times.
/// </summary>
public static class CompareAndSwap
{
    /// <summary>Attempts before the person is told to try again. Conflicts need another edit or status change of the same record at the same moment.</summary>
    public const int MaxAttempts = 5;

    /// <summary>What the person reads when every attempt met a concurrent change.</summary>
    public static string Exhausted(string id) =>
        $"Someone else changed {id} at the same moment, so nothing was saved. Please try again.";
}

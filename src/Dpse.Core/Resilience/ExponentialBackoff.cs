namespace Dpse.Core.Resilience;

/// <summary>
/// The bot's one backoff rule, used by every retry and reconnect loop (the outbox, both adapters' connections and
/// REST calls, the PostgreSQL listener): the wait before retry <c>n</c> (1 = the first retry) is
/// <see cref="First"/> × 2^(n−1), never more than <see cref="Cap"/>. With <see cref="Jitter"/> the wait is drawn from
/// the top part of that: 0.5 means between half of it and all of it, so connections that failed together do not all
/// come back at the same moment. The random roll is the caller's (an injectable source), so the rule stays a pure
/// function that tests can pin.
/// </summary>
public sealed record ExponentialBackoff
{
    /// <summary>A backoff starting at <paramref name="first"/>, doubling up to <paramref name="cap"/>.</summary>
    /// <param name="first">The wait before the first retry (before jitter).</param>
    /// <param name="cap">The longest wait (before jitter).</param>
    /// <param name="jitter">The share of each wait that is random: 0 (none) to 1 (anything from zero to the wait).</param>
    public ExponentialBackoff(TimeSpan first, TimeSpan cap, double jitter = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(first, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, first);
        if (double.IsNaN(jitter) || jitter is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "Jitter is a share between 0 and 1.");
        }

        First = first;
        Cap = cap;
        Jitter = jitter;
    }

    /// <summary>The wait before the first retry (before jitter).</summary>
    public TimeSpan First { get; }

    /// <summary>The longest wait (before jitter).</summary>
    public TimeSpan Cap { get; }

    /// <summary>The share of each wait that is random (0 to 1).</summary>
    public double Jitter { get; }

    /// <summary>The wait before retry <paramref name="retry"/> without jitter: the most a jittered wait can be. Retries below 1 count as the first.</summary>
    public TimeSpan Ceiling(int retry)
    {
        // Doubling in double ticks cannot overflow; the cap then brings it back into range.
        var doublings = Math.Min(Math.Max(retry, 1) - 1, 1000);
        var ticks = First.Ticks * Math.Pow(2, doublings);
        return ticks >= Cap.Ticks ? Cap : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// The wait before retry <paramref name="retry"/>, jittered with <paramref name="roll"/> (a random number from 0 to
    /// 1; 1 gives the full <see cref="Ceiling"/>, 0 the least the jitter allows). Without jitter the roll is ignored.
    /// </summary>
    public TimeSpan Delay(int retry, double roll = 1)
    {
        var ceiling = Ceiling(retry);
        return Jitter == 0 ? ceiling : ceiling * (1 - Jitter + (Jitter * Math.Clamp(roll, 0, 1)));
    }
}

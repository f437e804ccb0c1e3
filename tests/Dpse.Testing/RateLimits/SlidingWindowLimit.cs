namespace Dpse.Testing.RateLimits;

/// <summary>
/// At most so many arrivals within a sliding window, the shape of Discord's limits: an arrival that finds the window
/// full is refused, with the time until the oldest arrival in it leaves, and is not counted. Timestamps are those of
/// the <see cref="TimeProvider"/> given (a fake clock in tests, the system clock in the bench). Not thread-safe: the
/// owner serialises calls.
/// </summary>
public sealed class SlidingWindowLimit(TimeProvider time, TimeSpan window)
{
    private readonly Queue<long> _arrivals = new();

    /// <summary>Arrivals counted and not yet known to have left the window.</summary>
    public int Count => _arrivals.Count;

    /// <summary>
    /// Counts an arrival at <paramref name="at"/> when fewer than <paramref name="limit"/> arrivals are in the window;
    /// otherwise returns false with <paramref name="retryAfterSeconds"/> until the oldest leaves.
    /// </summary>
    /// <remarks>
    /// Arrivals stamped before the lock was taken may come out of order (the bench stamps a request on arrival), so the
    /// window is counted by age rather than by length; in order, as under the fakes' clock, the two agree.
    /// </remarks>
    public bool TryEnter(long at, int limit, out double retryAfterSeconds)
    {
        while (_arrivals.Count > 0 && time.GetElapsedTime(_arrivals.Peek(), at) >= window)
        {
            _arrivals.Dequeue();
        }

        if (_arrivals.Count(t => time.GetElapsedTime(t, at) < window) >= limit)
        {
            retryAfterSeconds = SecondsUntilOldestLeaves(at);
            return false;
        }

        _arrivals.Enqueue(at);
        retryAfterSeconds = 0;
        return true;
    }

    /// <summary>Forgets every arrival counted.</summary>
    public void Clear() => _arrivals.Clear();

    /// <summary>Seconds from <paramref name="at"/> until the oldest counted arrival leaves the window (the whole window when none is counted).</summary>
    public double SecondsUntilOldestLeaves(long at) =>
        _arrivals.Count == 0 ? window.TotalSeconds : window.TotalSeconds - time.GetElapsedTime(_arrivals.Peek(), at).TotalSeconds;
}

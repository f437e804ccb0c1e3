namespace Dpse.Slack.WebApi;

/// <summary>
/// A generic cell rate pacer: one request per <see cref="Interval"/>, with up to <see cref="Burst"/> at once after a quiet
/// spell. Callers reserve a turn and wait the returned delay on the <see cref="TimeProvider"/>, so turns are handed out
/// in arrival order, never bunched, and time stays fake in tests.
/// </summary>
internal sealed class RatePacer(TimeSpan interval, int burst = 1)
{
    private readonly Lock _lock = new();
    private DateTimeOffset _theoreticalArrival = DateTimeOffset.MinValue;

    public TimeSpan Interval { get; } = interval;

    public int Burst { get; } = Math.Max(1, burst);

    /// <summary>
    /// Reserves the next turn at or after <paramref name="now"/> and returns how long to wait for it. With
    /// <paramref name="sharers"/> instances sharing the limit, this one's turns come that many intervals apart.
    /// </summary>
    public TimeSpan Reserve(DateTimeOffset now, int sharers = 1)
    {
        lock (_lock)
        {
            var interval = Interval * Math.Max(1, sharers);
            var tolerance = interval * (Burst - 1);
            var tat = _theoreticalArrival > now ? _theoreticalArrival : now;
            var allowedAt = tat - tolerance > now ? tat - tolerance : now;
            _theoreticalArrival = tat + interval;
            return allowedAt - now;
        }
    }
}

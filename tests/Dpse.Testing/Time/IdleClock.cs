using Dpse.Testing.Scheduling;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Dpse.Testing.Time;

/// <summary>
/// The one way tests move a <see cref="FakeTimeProvider"/> while real loopback I/O runs: in steps, each only once the
/// code under test is idle (no request through the <see cref="IdleGate"/> in flight, none started for a few polls
/// in a row), so a fake-clock timeout never fires in the middle of a real request, however slow the machine.
/// </summary>
public static class IdleClock
{
    /// <summary>Polls in a row that see no request start or run before the clock moves.</summary>
    private const int QuietPollsBeforeMoving = 3;

    /// <summary>
    /// Polls (of 2 ms or more, so at least 30 s) to wait without moving once the clock has moved its limit: what still
    /// runs then needs only real time (a reconnect, a cold first request), which a loaded machine can stretch to seconds.
    /// </summary>
    private const int PollsAtLimit = 15_000;

    /// <summary>
    /// Moves <paramref name="time"/> by <paramref name="step"/> until <paramref name="done"/> holds and returns the fake
    /// time moved; fails the test after <paramref name="limit"/> of fake time (or a bounded number of polls).
    /// </summary>
    public static async Task<TimeSpan> AdvanceUntilAsync(FakeTimeProvider time, IdleGate idle, Func<bool> done, TimeSpan step, TimeSpan limit, CancellationToken cancellationToken, Func<string>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(idle);
        ArgumentNullException.ThrowIfNull(done);
        var moved = TimeSpan.Zero;
        var lastStarted = -1L;
        var quietPolls = 0;
        var pollsAtLimit = 0;
        for (var spins = 0; spins < 60_000; spins++)
        {
            if (done())
            {
                return moved;
            }

            await Task.Delay(2, cancellationToken);
            var started = idle.Started;
            if (started != lastStarted)
            {
                lastStarted = started; // something happened: let it settle first
                quietPolls = 0;
                continue;
            }

            // Work between two requests (a store write, the next lane picking up) shows no request in flight; on a
            // loaded machine it can take longer than one poll, so the clock moves only after a few quiet polls in a row.
            if (++quietPolls < QuietPollsBeforeMoving)
            {
                continue;
            }

            if (moved >= limit)
            {
                // The clock has moved as far as allowed: give what is still running a few real seconds, then fail.
                if (++pollsAtLimit > PollsAtLimit)
                {
                    break;
                }

                continue;
            }

            if (idle.TryMove(() => time.Advance(step)))
            {
                moved += step;
            }
        }

        Assert.Fail($"Condition not reached after moving the clock {moved}. {describe?.Invoke()}");
        return moved;
    }
}

using Dpse.Testing.Scheduling;
using Dpse.Testing.Time;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Discord.Tests.Fakes;

/// <summary>Drives a <see cref="FakeTimeProvider"/> while real sockets do their work, through the one driver of the test kit.</summary>
internal static class TestClock
{
    // For tests whose requests do not pass through a gate (the gateway's web sockets): only quiet polls hold the clock.
    private static readonly IdleGate NoRequests = new();

    /// <summary>
    /// Advances <paramref name="time"/> by <paramref name="step"/> until <paramref name="done"/> holds, moving only
    /// while no request through <paramref name="idle"/> (the fake's <see cref="FakeDiscord.Idle"/>) is in flight; see
    /// <see cref="IdleClock"/>. Returns the fake time advanced.
    /// </summary>
    public static Task<TimeSpan> AdvanceUntilAsync(this FakeTimeProvider time, Func<bool> done, TimeSpan step, TimeSpan? limit = null, IdleGate? idle = null) =>
        IdleClock.AdvanceUntilAsync(time, idle ?? NoRequests, done, step, limit ?? TimeSpan.FromMinutes(10), TestContext.Current.CancellationToken);

    /// <summary>Awaits <paramref name="task"/> (bounded) without moving the clock.</summary>
    public static Task<T> WaitForAsync<T>(this FakeTimeProvider time, Task<T> task)
    {
        _ = time;
        return task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }
}

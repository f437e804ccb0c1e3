using Microsoft.Extensions.Time.Testing;

namespace Dpse.Discord.Tests.Fakes;

/// <summary>Drives a <see cref="FakeTimeProvider"/> while real sockets do their work: advance in steps until done (bounded).</summary>
internal static class TestClock
{
    /// <summary>Advances <paramref name="time"/> by <paramref name="step"/> until <paramref name="done"/> holds; returns the fake time advanced.</summary>
    public static async Task<TimeSpan> AdvanceUntilAsync(this FakeTimeProvider time, Func<bool> done, TimeSpan step, TimeSpan? limit = null)
    {
        var advanced = TimeSpan.Zero;
        var max = limit ?? TimeSpan.FromMinutes(10);
        for (var spins = 0; spins < 4000; spins++)
        {
            if (done())
            {
                return advanced;
            }

            // Give the sockets and continuations a moment of real time, then move the clock.
            await Task.Delay(2, TestContext.Current.CancellationToken);
            if (done())
            {
                return advanced;
            }

            if (advanced < max)
            {
                time.Advance(step);
                advanced += step;
            }
        }

        Assert.Fail($"Condition not reached after advancing {advanced}");
        return advanced;
    }

    /// <summary>Awaits <paramref name="task"/> (bounded) without moving the clock.</summary>
    public static Task<T> WaitForAsync<T>(this FakeTimeProvider time, Task<T> task)
    {
        _ = time;
        return task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }
}

using Dpse.Core.Scheduling;

namespace Dpse.Core.Tests.Scheduling;

/// <summary>
/// What a waiter sees of the scheduler when a delivery settles during a pass: the pass that ends owes another, so the
/// scheduler is not reported asleep (with a next-due computed before the settle) until that one has run.
/// </summary>
public sealed class SchedulerStateTests
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WakeFor_DuringAPass_TheScheduler_IsNotAsleepUntilTheOwedPassEnds()
    {
        var state = new SchedulerState();
        state.Waking();
        var woken = state.WakeFor(Nine.AddSeconds(30)); // a send settled mid-pass with a retry at 09:00:30
        state.Sleep(Nine.AddDays(1));                  // the pass ends with the next-due it computed before that
        var settledTooEarly = state.WaitForPassAsync(0, Ct);
        var (sleepingAfterFirst, dueAfterFirst) = (state.Sleeping, state.NextDue);

        state.Waking();
        state.Sleep(Nine.AddSeconds(30));
        await settledTooEarly.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.True(woken);
        Assert.Equal((false, (DateTimeOffset?)null), (sleepingAfterFirst, dueAfterFirst));
        Assert.Equal((true, (DateTimeOffset?)Nine.AddSeconds(30), 2L), (state.Sleeping, state.NextDue, state.Passes));
    }

    [Fact]
    public void WakeFor_WhileAsleepOrWokenBeforeThePassBegins_OwesNoExtraPass()
    {
        var state = new SchedulerState();
        state.Waking();
        state.Sleep(Nine.AddDays(1));

        var first = state.WakeFor(Nine.AddSeconds(30));  // asleep: wakes it
        var second = state.WakeFor(Nine.AddSeconds(40)); // woken, pass not begun: that pass will see both
        state.Waking();
        state.Sleep(Nine.AddSeconds(30));

        Assert.Equal((true, true), (first, second));
        Assert.Equal((true, (DateTimeOffset?)Nine.AddSeconds(30)), (state.Sleeping, state.NextDue));
    }

    [Fact]
    public async Task Changed_WhileAsleep_AWaiterWaitsForThePassItCauses()
    {
        var state = new SchedulerState();
        var signal = new ScheduleSignal(state);
        state.Waking();
        state.Sleep(Nine.AddDays(1));

        signal.Changed(); // a command changed the schedule; the scheduler has not woken yet
        var settled = state.WaitForPassAsync(0, Ct);
        var (sleeping, completedBeforeThePass) = (state.Sleeping, settled.IsCompleted);
        state.Waking();
        state.Sleep(Nine);
        await settled.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal((false, false), (sleeping, completedBeforeThePass));
        Assert.Equal((DateTimeOffset?)Nine, state.NextDue);
    }

    [Fact]
    public void WakeFor_AsleepUntilEarlier_LeavesItAsleep()
    {
        var state = new SchedulerState();
        state.Waking();
        state.Sleep(Nine);

        Assert.False(state.WakeFor(Nine.AddSeconds(30)));
        Assert.Equal((true, (DateTimeOffset?)Nine), (state.Sleeping, state.NextDue));
    }
}

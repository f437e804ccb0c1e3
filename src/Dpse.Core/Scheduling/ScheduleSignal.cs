namespace Dpse.Core.Scheduling;

/// <summary>
/// The in-process <see cref="IScheduleSignal"/>: each change completes the task the scheduler is waiting on. A change
/// during a pass completes the task captured before it, so the scheduler runs again straight after; none is lost.
/// With the scheduler's <see cref="SchedulerState"/>, a change also marks it awake before the wake itself, so whoever
/// waits for the scheduler to settle after a command never mistakes the sleep that change ends for the settled state.
/// </summary>
public sealed class ScheduleSignal(SchedulerState? state = null) : IScheduleSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Changed"/> after it was read.</summary>
    public Task NextChange => Volatile.Read(ref _next).Task;

    /// <inheritdoc />
    public void Changed()
    {
        state?.WakeFor(DateTimeOffset.MinValue);
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}

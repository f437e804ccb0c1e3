namespace Dpse.Core.Scheduling;

/// <summary>
/// What the scheduler is doing: how many passes it has finished and when it wakes next. Tests and the bench use
/// <see cref="WaitForPassAsync(long, CancellationToken)"/> to know the scheduler has settled before they look or move the clock.
/// </summary>
public sealed class SchedulerState
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _passRunning;
    private bool _passOwed;

    /// <summary>Passes finished since start.</summary>
    public long Passes { get; private set; }

    /// <summary>When the scheduler wakes next (UTC), once it sleeps; null while a pass runs.</summary>
    public DateTimeOffset? NextDue { get; private set; }

    /// <summary>True while the scheduler sleeps.</summary>
    public bool Sleeping { get; private set; }

    /// <summary>Deliveries started by the scheduler and not yet settled (they run beside the pass, not in it).</summary>
    public int DeliveriesInFlight { get; private set; }

    /// <summary>
    /// Completes once more than <paramref name="afterPasses"/> passes have finished, the scheduler sleeps and no
    /// delivery is in flight. A delivery waiting on the clock (a platform's pacing) keeps it from completing until the
    /// clock moves; see <see cref="WaitForPassAsync(long, bool, CancellationToken)"/>.
    /// </summary>
    public Task WaitForPassAsync(long afterPasses, CancellationToken cancellationToken) =>
        WaitForPassAsync(afterPasses, includeDeliveries: true, cancellationToken);

    /// <summary>
    /// Completes once more than <paramref name="afterPasses"/> passes have finished and the scheduler sleeps, and,
    /// with <paramref name="includeDeliveries"/>, no delivery is in flight.
    /// </summary>
    public async Task WaitForPassAsync(long afterPasses, bool includeDeliveries, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task settled;
            lock (_gate)
            {
                if (Passes > afterPasses && Sleeping && (!includeDeliveries || DeliveriesInFlight == 0))
                {
                    return;
                }

                settled = _settled.Task;
            }

            await settled.WaitAsync(cancellationToken);
        }
    }

    internal void Waking()
    {
        lock (_gate)
        {
            Sleeping = false;
            NextDue = null;
            _passRunning = true;
        }
    }

    internal void DeliveryStarted()
    {
        lock (_gate)
        {
            DeliveriesInFlight++;
        }
    }

    internal void DeliverySettled()
    {
        TaskCompletionSource settled;
        lock (_gate)
        {
            DeliveriesInFlight--;
            settled = _settled;
            _settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        settled.TrySetResult();
    }

    /// <summary>
    /// A delivery settled with work for a new pass at <paramref name="at"/>, or the schedule changed (at the earliest
    /// moment): not asleep any more, so nobody reads a stale next-due. False when already asleep until no later than it.
    /// </summary>
    internal bool WakeFor(DateTimeOffset at)
    {
        lock (_gate)
        {
            if (Sleeping && NextDue is { } due && due <= at)
            {
                return false;
            }

            // During a pass, the pass's own next-due may have been computed without this: the pass owes another when it
            // ends, and must not look asleep meanwhile (a test waiting for the scheduler to settle would read a stale
            // time). The loop read its change signal before the pass began, so the signal raised now wakes it again.
            _passOwed |= _passRunning;
            Sleeping = false;
            NextDue = null;
            return true;
        }
    }

    internal void Sleep(DateTimeOffset nextDue)
    {
        TaskCompletionSource settled;
        lock (_gate)
        {
            Passes++;
            var owed = _passOwed;
            (_passRunning, _passOwed) = (false, false);
            NextDue = owed ? null : nextDue;
            Sleeping = !owed;
            settled = _settled;
            _settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        settled.TrySetResult();
    }
}

namespace Dpse.Core.Scheduling;

/// <summary>
/// What the scheduler is doing: how many passes it has finished and when it wakes next. Tests and the bench use
/// <see cref="WaitForPassAsync"/> to know the scheduler has settled before they look or move the clock.
/// </summary>
public sealed class SchedulerState
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Passes finished since start.</summary>
    public long Passes { get; private set; }

    /// <summary>When the scheduler wakes next (UTC), once it sleeps; null while a pass runs.</summary>
    public DateTimeOffset? NextDue { get; private set; }

    /// <summary>True while the scheduler sleeps.</summary>
    public bool Sleeping { get; private set; }

    /// <summary>Completes once more than <paramref name="afterPasses"/> passes have finished and the scheduler sleeps.</summary>
    public async Task WaitForPassAsync(long afterPasses, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task settled;
            lock (_gate)
            {
                if (Passes > afterPasses && Sleeping)
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
        }
    }

    internal void Sleep(DateTimeOffset nextDue)
    {
        TaskCompletionSource settled;
        lock (_gate)
        {
            Passes++;
            NextDue = nextDue;
            Sleeping = true;
            settled = _settled;
            _settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        settled.TrySetResult();
    }
}

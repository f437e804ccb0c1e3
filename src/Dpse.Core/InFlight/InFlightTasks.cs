namespace Dpse.Core.InFlight;

/// <summary>
/// Work an adapter started off its read loop (a command from a gateway shard or a Socket Mode envelope) and must not
/// drop on shutdown: each task is held until it ends, a fault is handed to <paramref name="onFault"/> (so none goes
/// unobserved), and on stop <see cref="WaitAsync"/> waits for the ones still running, for a bounded time.
/// </summary>
/// <param name="onFault">Told of each tracked task that failed (not of cancelled ones); null to ignore them.</param>
public sealed class InFlightTasks(Action<AggregateException>? onFault = null)
{
    private readonly Lock _lock = new();
    private readonly HashSet<Task> _running = [];

    /// <summary>How many tracked tasks have not ended yet.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>Holds <paramref name="task"/> until it ends.</summary>
    public void Track(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        lock (_lock)
        {
            _running.Add(task);
        }

        _ = task.ContinueWith(
            done =>
            {
                if (done.IsFaulted)
                {
                    onFault?.Invoke(done.Exception);
                }

                lock (_lock)
                {
                    _running.Remove(done);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>
    /// Waits for the tasks running now, at most <paramref name="bound"/> on <paramref name="time"/>. True when they all
    /// ended in time (failed ones too: their faults went to the callback); false when the bound ran out first.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan bound, TimeProvider time)
    {
        Task[] pending;
        lock (_lock)
        {
            pending = [.. _running];
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(bound, time, CancellationToken.None);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (Exception)
        {
            // Failed or cancelled tasks ended: their faults were reported as they happened.
            return true;
        }
    }
}

using System.Collections.Concurrent;
using Dpse.Core.Deliveries;
using Microsoft.Extensions.Logging;

namespace Dpse.Core.Scheduling;

/// <summary>
/// Runs outbox deliveries beside the scheduler's pass instead of inside it, concurrently and bounded. Reminders and
/// notices have a lane of their own, so they never queue behind a digest fan-out; digests share a second lane. Each
/// send has a deadline (<see cref="OutboxSender.SendDeadline"/>), so a throttled or failing channel holds one worker
/// for at most that long and never the pass. The per-route and per-channel pacing stays in the platform senders;
/// the lanes only bound how many sends wait on it at once, which also bounds how far a reminder queues behind
/// digests in a platform's global limit.
/// </summary>
internal sealed class DeliveryLanes(OutboxSender outbox, SchedulerState state, TimeProvider time, ILogger logger)
{
    /// <summary>Reminders and event notices in flight at once.</summary>
    public const int UrgentWorkers = 4;

    /// <summary>Digests in flight at once: enough to keep the platforms' global limits busy over loopback-to-cloud latency.</summary>
    public const int DigestWorkers = 8;

    private readonly SemaphoreSlim _urgent = new(UrgentWorkers, UrgentWorkers);
    private readonly SemaphoreSlim _digests = new(DigestWorkers, DigestWorkers);
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _coolingDown = new(StringComparer.Ordinal);

    /// <summary>Called when a delivery settles with a time it should be looked at again.</summary>
    public Action<DateTimeOffset>? WakeAt { get; set; }

    /// <summary>Whether this record is being delivered now or must not be tried before a time (after an error).</summary>
    public bool IsBusy(string key, DateTimeOffset now, out DateTimeOffset? notBefore)
    {
        notBefore = null;
        if (_running.ContainsKey(key))
        {
            return true;
        }

        if (_coolingDown.TryGetValue(key, out var until))
        {
            if (until > now)
            {
                notBefore = until;
                return true;
            }

            _coolingDown.TryRemove(key, out _);
        }

        return false;
    }

    /// <summary>
    /// Forgets cool-downs that have ended. A record another instance sent is never listed again, so its entry would
    /// otherwise stay; the scheduler calls this once a pass.
    /// </summary>
    public void PruneCoolDowns(DateTimeOffset now)
    {
        foreach (var (key, until) in _coolingDown)
        {
            if (until <= now)
            {
                _coolingDown.TryRemove(new KeyValuePair<string, DateTimeOffset>(key, until));
            }
        }
    }

    /// <summary>Starts delivering <paramref name="record"/> unless it is already running; never waits for the send.</summary>
    public bool TryStart(DeliveryRecord record, CancellationToken cancellationToken)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_running.TryAdd(record.Key, gate.Task))
        {
            return false;
        }

        state.DeliveryStarted();
        var lane = record.Kind == DeliveryKind.Digest ? _digests : _urgent;
        _ = Task.Run(() => RunAsync(record, lane, gate, cancellationToken), CancellationToken.None);
        return true;
    }

    /// <summary>Waits (bounded by the caller's token) for every delivery in flight to finish.</summary>
    public Task DrainAsync() => Task.WhenAll(_running.Values);

    private async Task RunAsync(DeliveryRecord record, SemaphoreSlim lane, TaskCompletionSource done, CancellationToken cancellationToken)
    {
        DateTimeOffset? wake = null;
        try
        {
            await lane.WaitAsync(cancellationToken);
            try
            {
                var result = await outbox.DeliverAsync(record, cancellationToken);
                if (result.Status == DeliveryStatus.Pending)
                {
                    // Waiting for a retry time (the pass reads it from the record), or another instance holds it: then
                    // look again when its lease has ended, and not before. Without that cool-down every pass (another
                    // instance's signal starts one) claimed it again at once: instances sharing a fan-out spent their
                    // passes on each other's rows.
                    var now = time.GetUtcNow();
                    if (result.NextAttemptAt is { } retryAt && retryAt > now)
                    {
                        wake = retryAt;
                    }
                    else
                    {
                        wake = now + outbox.ClaimLease;
                        _coolingDown[record.Key] = wake.Value;
                    }
                }
            }
            finally
            {
                lane.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the record stays pending (with its attempt mark) for the next start.
        }
        catch (Exception ex)
        {
            // A store outage while recording: the record stays pending; the next look is after a pause, not at once.
            var retryAt = time.GetUtcNow() + DeliveryScheduler.PassRetry;
            _coolingDown[record.Key] = retryAt;
            wake = retryAt;
            SchedulingLog.DeliveryFailed(logger, ex, record.Key, retryAt);
        }
        finally
        {
            _running.TryRemove(record.Key, out _);
            if (wake is { } at)
            {
                WakeAt?.Invoke(at);
            }

            state.DeliverySettled();
            done.TrySetResult();
        }
    }
}

namespace Dpse.Discord.Rest;

/// <summary>
/// Discord's limits as the client knows them: the global 50 requests/s and each bucket's remaining count and reset
/// time from the <c>X-RateLimit-*</c> headers. Requests on one bucket go one at a time, so the first answer teaches the
/// limit before the next request leaves.
/// </summary>
/// <remarks>
/// Discord counts the global limit by arrival, and the client only knows that a request arrived somewhere between
/// leaving and being answered. So a globally limited request holds a <em>turn</em> from departure until one second
/// after its answer, and at most <c>limit</c> turns are held at once: however the network bunches arrivals, no
/// one-second window at Discord can then see more than <c>limit</c> of them. Departures are also spaced evenly
/// (<c>1 s / limit</c>) so that a request from another lane (a reminder) never queues behind a burst. The limit is per
/// bot, not per process: with several instances live, each uses a whole-number share of it (re-read for every turn,
/// raised only a second after an instance leaves), so the instances together stay under it.
/// </remarks>
internal sealed class RateLimitState(TimeProvider timeProvider, int globalPerSecond, Func<int>? liveInstances = null)
{
    private static readonly TimeSpan CountedAfterAnswer = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _routeBuckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    // When each answered request stops counting against the global limit, in ascending order.
    private readonly Queue<long> _countedUntil = new();
    private int _inFlight;
    private int _urgentWaiting;

    // Completed (and replaced) whenever a turn is answered or an urgent caller stops waiting.
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _globalPausedUntil;
    private long _nextGlobalSlot;

    // This instance's share of the global limit as last used, and since when the census has allowed a larger one.
    private int _share;
    private long? _largerShareSince;

    /// <summary>The bucket for a route: by Discord's hash once known, by the route key before.</summary>
    public Bucket BucketFor(DiscordRoute route)
    {
        lock (_lock)
        {
            var key = _routeBuckets.TryGetValue(route.Key, out var hash) ? hash + " " + route.MajorParameter : route.Key;
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                bucket = new Bucket();
                _buckets[key] = bucket;
            }

            return bucket;
        }
    }

    /// <summary>Remembers the hash Discord gave for a route.</summary>
    public void LearnBucket(DiscordRoute route, string hash, Bucket current)
    {
        lock (_lock)
        {
            if (_routeBuckets.TryAdd(route.Key, hash))
            {
                _buckets.TryAdd(hash + " " + route.MajorParameter, current);
            }
        }
    }

    /// <summary>
    /// Waits for a global turn and takes it, returning how long the caller still waits for its evenly spaced departure
    /// slot; or takes nothing when the turn would come after the timestamp <paramref name="deadline"/> and says how
    /// long the wait would be. An <paramref name="urgent"/> caller (a reminder) takes the next turn before any routine
    /// one. A taken turn must be given back with <see cref="GlobalAnswered"/> once the request is answered, failed or
    /// abandoned.
    /// </summary>
    public async Task<GlobalTurn> TakeGlobalTurnAsync(long deadline, bool urgent, CancellationToken cancellationToken)
    {
        if (urgent)
        {
            lock (_lock)
            {
                _urgentWaiting++;
            }
        }

        try
        {
            return await TakeAsync(deadline, urgent, cancellationToken);
        }
        finally
        {
            if (urgent)
            {
                lock (_lock)
                {
                    _urgentWaiting--;
                }

                Pulse();
            }
        }
    }

    /// <summary>A request holding a global turn was answered (or failed, or was abandoned): the turn counts one more second.</summary>
    public void GlobalAnswered()
    {
        lock (_lock)
        {
            _inFlight--;
            _countedUntil.Enqueue(timeProvider.GetTimestamp() + (long)(CountedAfterAnswer.TotalSeconds * timeProvider.TimestampFrequency));
        }

        Pulse();
    }

    private async Task<GlobalTurn> TakeAsync(long deadline, bool urgent, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            TimeSpan untilDeadline;
            lock (_lock)
            {
                var now = timeProvider.GetTimestamp();
                while (_countedUntil.Count > 0 && _countedUntil.Peek() <= now)
                {
                    _countedUntil.Dequeue();
                }

                var share = CurrentShare(now);
                var slot = Math.Max(now, Math.Max(_nextGlobalSlot, _globalPausedUntil));
                var free = _inFlight + _countedUntil.Count < share;
                if (free && (urgent || _urgentWaiting == 0))
                {
                    if (slot > deadline)
                    {
                        return new GlobalTurn(false, timeProvider.GetElapsedTime(now, slot));
                    }

                    _inFlight++;
                    _nextGlobalSlot = slot + (long)(timeProvider.TimestampFrequency / (double)share);
                    return new GlobalTurn(true, timeProvider.GetElapsedTime(now, slot));
                }

                if (!free && _countedUntil.Count > 0)
                {
                    // A turn comes back at a known moment: wait for it, then look again (another caller may take it).
                    var opens = _countedUntil.Peek();
                    if (Math.Max(opens, slot) > deadline)
                    {
                        return new GlobalTurn(false, timeProvider.GetElapsedTime(now, Math.Max(opens, slot)));
                    }

                    changed = Task.Delay(timeProvider.GetElapsedTime(now, opens), timeProvider, cancellationToken);
                    untilDeadline = Timeout.InfiniteTimeSpan;
                }
                else
                {
                    // Every turn is in flight (one comes back a second after the next answer), or a free turn is an
                    // urgent caller's: look again when that changes.
                    changed = _changed.Task;
                    untilDeadline = deadline == long.MaxValue ? Timeout.InfiniteTimeSpan : timeProvider.GetElapsedTime(now, deadline);
                }
            }

            if (untilDeadline == Timeout.InfiniteTimeSpan)
            {
                await changed.WaitAsync(cancellationToken);
                continue;
            }

            try
            {
                await changed.WaitAsync(untilDeadline, timeProvider, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Nothing changed before the deadline; the turn is at least a second away.
                return new GlobalTurn(false, CountedAfterAnswer);
            }
        }
    }

    /// <summary>
    /// This instance's whole-number share of the global limit (three instances at 16.67/s each, starting together, fit
    /// 17 each in one second). It falls as soon as the census counts another instance, but rises only a second after
    /// the census first allows it: an instance that died (or stopped) had requests arrive at Discord in its last second
    /// that still count there, and the census sees it gone a little less than the time-to-live after its last beat,
    /// which can be inside that second. Rising at once let the survivors meet Discord's 429 right after a kill.
    /// </summary>
    private int CurrentShare(long now)
    {
        var allowed = Math.Max(1, globalPerSecond / Math.Max(1, liveInstances?.Invoke() ?? 1));
        if (_share == 0 || allowed <= _share)
        {
            _share = allowed;
            _largerShareSince = null;
        }
        else if (_largerShareSince is not { } since)
        {
            _largerShareSince = now;
        }
        else if (timeProvider.GetElapsedTime(since, now) >= CountedAfterAnswer)
        {
            _share = allowed;
            _largerShareSince = null;
        }

        return _share;
    }

    private void Pulse()
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
    }

    /// <summary>After a global 429: nothing globally limited leaves before <paramref name="retryAfter"/> has passed.</summary>
    public void PauseGlobal(TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var until = timeProvider.GetTimestamp() + (long)(retryAfter.TotalSeconds * timeProvider.TimestampFrequency);
            _globalPausedUntil = Math.Max(_globalPausedUntil, until);
        }
    }

    /// <summary>One bucket: requests pass through <see cref="Gate"/> one at a time.</summary>
    internal sealed class Bucket
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int? Remaining { get; set; }

        public long ResetAt { get; set; }
    }
}

/// <summary>
/// The answer of <see cref="RateLimitState.TakeGlobalTurnAsync"/>: whether a turn was taken, and the wait for its
/// departure slot (taken) or until a turn would come (not taken).
/// </summary>
internal readonly record struct GlobalTurn(bool Taken, TimeSpan Wait);

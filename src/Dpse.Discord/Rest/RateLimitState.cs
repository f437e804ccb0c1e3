namespace Dpse.Discord.Rest;

/// <summary>
/// Discord's limits as the client knows them: the global 50 requests/s (a sliding one-second window over our own
/// sends) and each bucket's remaining count and reset time from the <c>X-RateLimit-*</c> headers. Requests on one
/// bucket go one at a time, so the first answer teaches the limit before the next request leaves.
/// </summary>
internal sealed class RateLimitState(TimeProvider timeProvider, int globalPerSecond)
{
    // A little slack on top of one second: the server counts arrivals, we count departures.
    private static readonly TimeSpan GlobalWindow = TimeSpan.FromMilliseconds(1020);

    private readonly Lock _lock = new();
    private readonly Queue<long> _globalSends = new();
    private readonly Dictionary<string, string> _routeBuckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private long _globalPausedUntil;

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

    /// <summary>How long to wait before the next globally limited request may leave; zero reserves a slot.</summary>
    public TimeSpan ReserveGlobal()
    {
        lock (_lock)
        {
            var now = timeProvider.GetTimestamp();
            if (_globalPausedUntil > now)
            {
                return timeProvider.GetElapsedTime(now, _globalPausedUntil);
            }

            while (_globalSends.Count > 0 && timeProvider.GetElapsedTime(_globalSends.Peek(), now) >= GlobalWindow)
            {
                _globalSends.Dequeue();
            }

            if (_globalSends.Count >= globalPerSecond)
            {
                var wait = GlobalWindow - timeProvider.GetElapsedTime(_globalSends.Peek(), now);
                return wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1);
            }

            _globalSends.Enqueue(now);
            return TimeSpan.Zero;
        }
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

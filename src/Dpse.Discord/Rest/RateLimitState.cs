namespace Dpse.Discord.Rest;

/// <summary>
/// Discord's limits as the client knows them: the global 50 requests/s per bot, of which this instance uses its share
/// (the limit divided by the live instances, re-read for every departure, so instances together stay under it;
/// departures spaced evenly) and each bucket's remaining count and reset time from the <c>X-RateLimit-*</c> headers. Requests on one
/// bucket go one at a time, so the first answer teaches the limit before the next request leaves.
/// </summary>
internal sealed class RateLimitState(TimeProvider timeProvider, int globalPerSecond, Func<int>? liveInstances = null)
{
    // A little slack on top of one second: the server counts arrivals, we count departures.
    private static readonly TimeSpan GlobalWindow = TimeSpan.FromMilliseconds(1040);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _routeBuckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private long _globalPausedUntil;
    private long _nextGlobalSlot;

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
    /// Reserves the next departure slot for a globally limited request and returns how long to wait for it. Slots are
    /// spaced evenly (<c>1.04 s / limit</c>) rather than sent in bursts, so arrivals at Discord never exceed the limit
    /// in any one-second window even when the network delays some requests more than others.
    /// </summary>
    public TimeSpan ReserveGlobal() => ReserveGlobal(long.MaxValue, out _) ?? TimeSpan.Zero;

    /// <summary>
    /// As <see cref="ReserveGlobal()"/>, but reserves nothing and returns null when the slot would come after the
    /// timestamp <paramref name="deadline"/>; <paramref name="wait"/> says how long until the slot comes either way.
    /// </summary>
    public TimeSpan? ReserveGlobal(long deadline, out TimeSpan wait)
    {
        lock (_lock)
        {
            var now = timeProvider.GetTimestamp();
            // A whole number per instance: three instances at 16.67/s each, starting together, fit 17 each in one second.
            var share = Math.Max(1, globalPerSecond / Math.Max(1, liveInstances?.Invoke() ?? 1));
            var spacing = (long)(GlobalWindow.TotalSeconds / share * timeProvider.TimestampFrequency);
            var slot = Math.Max(now, Math.Max(_nextGlobalSlot, _globalPausedUntil));
            wait = slot > now ? timeProvider.GetElapsedTime(now, slot) : TimeSpan.Zero;
            if (slot > deadline)
            {
                return null;
            }

            _nextGlobalSlot = slot + spacing;
            return wait;
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

using System.Globalization;
using Dpse.Testing.RateLimits;

namespace Dpse.Testing.Discord;

/// <summary>
/// Discord's REST limits as the loopback fakes enforce them (the tests' <see cref="FakeDiscord"/> and the bench's):
/// the global limit, so many requests in any sliding second with the interaction routes exempt, and the per-channel
/// message limit, so many posts to one channel within 5 s. Each is off until set. Thread-safe.
/// </summary>
public sealed class DiscordRateLimits(TimeProvider time)
{
    /// <summary>The per-channel message limit's window.</summary>
    public static readonly TimeSpan ChannelWindow = TimeSpan.FromSeconds(5);

    /// <summary>The per-channel message limit's bucket name, in its headers and 429s.</summary>
    public const string MessagesBucket = "messages";

    private readonly Lock _lock = new();
    private readonly SlidingWindowLimit _global = new(time, TimeSpan.FromSeconds(1));
    private readonly Dictionary<string, SlidingWindowLimit> _channels = new(StringComparer.Ordinal);

    /// <summary>When set, more than this many requests in one second get a global 429.</summary>
    public int? GlobalPerSecond { get; set; }

    /// <summary>When set, more than this many message posts to one channel within 5 s get a 429.</summary>
    public int? ChannelMessagesPer5Seconds { get; set; }

    /// <summary>Interaction callbacks and webhooks (followups): exempt from the global limit, as on Discord.</summary>
    public static bool IsInteraction(string path) =>
        path.StartsWith("/interactions/", StringComparison.Ordinal) || path.StartsWith("/webhooks/", StringComparison.Ordinal);

    /// <summary>A message post to a channel: <c>POST /channels/{id}/messages</c> (the path under <c>/api/v10</c>).</summary>
    public static bool IsMessagePost(string method, string path) =>
        method == "POST" && path.StartsWith("/channels/", StringComparison.Ordinal) && path.EndsWith("/messages", StringComparison.Ordinal);

    /// <summary>
    /// Counts a request to <paramref name="path"/> that arrived at <paramref name="at"/> (a timestamp of the clock given)
    /// against the global limit: null when it passes (or is exempt, or no limit is set), else the global 429.
    /// </summary>
    public DiscordTooManyRequests? EnterGlobal(string path, long at)
    {
        lock (_lock)
        {
            if (GlobalPerSecond is not { } global || IsInteraction(path))
            {
                return null;
            }

            return _global.TryEnter(at, global, out var retryAfter) ? null : new DiscordTooManyRequests(retryAfter, Global: true);
        }
    }

    /// <summary>
    /// Counts a request at <paramref name="at"/> against its channel's message limit when it is a message post and the
    /// limit is set: null when it passes, with the bucket's headers added to <paramref name="headers"/>, else the 429.
    /// </summary>
    public DiscordTooManyRequests? EnterChannel(string method, string path, long at, IDictionary<string, string> headers)
    {
        lock (_lock)
        {
            if (ChannelMessagesPer5Seconds is not { } perChannel || !IsMessagePost(method, path))
            {
                return null;
            }

            if (!_channels.TryGetValue(path, out var window))
            {
                window = new SlidingWindowLimit(time, ChannelWindow);
                _channels[path] = window;
            }

            if (!window.TryEnter(at, perChannel, out var resetAfter))
            {
                return new DiscordTooManyRequests(resetAfter, Global: false, MessagesBucket);
            }

            headers["X-RateLimit-Bucket"] = MessagesBucket;
            headers["X-RateLimit-Limit"] = perChannel.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Remaining"] = (perChannel - window.Count).ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Reset-After"] = window.SecondsUntilOldestLeaves(at).ToString("0.000", CultureInfo.InvariantCulture);
            return null;
        }
    }

    /// <summary>Forgets every request counted so far (the limits stay as set).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _global.Clear();
            _channels.Clear();
        }
    }
}

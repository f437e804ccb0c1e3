namespace Dpse.Testing.Slack;

/// <summary>
/// Slack's limits on <c>chat.postMessage</c> as the loopback fakes enforce them (the tests' <see cref="FakeSlack"/> and
/// the bench's), as token buckets: a post takes a token from its channel's bucket and the workspace's, or finds one
/// empty, gets a 429 saying when the next token comes, and takes nothing. Each is off until set. Thread-safe.
/// </summary>
public sealed class SlackPostLimits(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Bucket> _channels = new(StringComparer.Ordinal);
    private Bucket _workspace = Bucket.Full;

    /// <summary>
    /// When set, posts are limited per channel as Slack documents it ("1 message per second per channel, short bursts
    /// tolerated"): a bucket of this many posts refilled at one a second. A fraction above one is a tolerance: 1.05
    /// lets a post come 50 ms early.
    /// </summary>
    public double? ChannelPostBurst { get; set; }

    /// <summary>When set, posts are limited across the workspace: a bucket refilled at this many a minute.</summary>
    public int? WorkspacePostsPerMinute { get; set; }

    /// <summary>The workspace bucket's size in posts; one second's worth of <see cref="WorkspacePostsPerMinute"/> when not set.</summary>
    public double? WorkspacePostBurst { get; set; }

    /// <summary>Takes a post to <paramref name="channel"/> at <paramref name="now"/> (a timestamp of the clock given): null when it may go, else the 429.</summary>
    public SlackTooManyRequests? TryPost(string channel, long now)
    {
        lock (_lock)
        {
            Bucket? channelTaken = null;
            if (ChannelPostBurst is { } burst)
            {
                var tokens = (_channels.TryGetValue(channel, out var bucket) ? bucket : Bucket.Full).Available(time, now, burst, perSecond: 1);
                if (tokens < 1)
                {
                    return new SlackTooManyRequests(1 - tokens);
                }

                channelTaken = new Bucket(tokens - 1, now);
            }

            if (WorkspacePostsPerMinute is { } perMinute)
            {
                var perSecond = perMinute / 60.0;
                var tokens = _workspace.Available(time, now, WorkspacePostBurst ?? perSecond, perSecond);
                if (tokens < 1)
                {
                    return new SlackTooManyRequests((1 - tokens) / perSecond);
                }

                _workspace = new Bucket(tokens - 1, now);
            }

            if (channelTaken is { } taken)
            {
                _channels[channel] = taken;
            }

            return null;
        }
    }

    /// <summary>Tokens left at a timestamp; <see cref="Full"/> until first taken from.</summary>
    private readonly record struct Bucket(double Tokens, long At)
    {
        public static Bucket Full => new(double.NaN, 0);

        public double Available(TimeProvider time, long now, double capacity, double perSecond) =>
            double.IsNaN(Tokens) ? capacity : Math.Min(capacity, Tokens + (time.GetElapsedTime(At, now).TotalSeconds * perSecond));
    }
}

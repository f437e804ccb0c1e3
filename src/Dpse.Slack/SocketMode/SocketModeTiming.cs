namespace Dpse.Slack.SocketMode;

/// <summary>The adapter's waits, in one place so tests and the bench can shorten them. All run on the TimeProvider.</summary>
internal sealed class SocketModeTiming
{
    /// <summary>How long a command may take before the ack goes out empty and the reply follows via response_url (Slack allows 3 s).</summary>
    public TimeSpan SlowReply { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a new connection may take to say hello.</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First reconnect delay after repeated failures; doubles up to <see cref="BackoffCap"/>, with jitter.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between reconnect attempts.</summary>
    public TimeSpan BackoffCap { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A connection that lived this long counts as healthy: the next drop reconnects at once.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an old connection may take to close after the next one is ready.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The backoff before attempt <paramref name="failures"/> (1 = the first retry, which goes at once).</summary>
    public TimeSpan Backoff(int failures, double jitter)
    {
        if (failures <= 1)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Min(failures - 2, 16);
        var raw = BackoffBase * Math.Pow(2, exponent);
        var capped = raw > BackoffCap ? BackoffCap : raw;
        return capped * (0.5 + (0.5 * Math.Clamp(jitter, 0, 1)));
    }
}

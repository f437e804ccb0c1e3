using Dpse.Core.Resilience;

namespace Dpse.Slack.SocketMode;

/// <summary>The adapter's waits, in one place so tests and the bench can shorten them. All run on the TimeProvider; the jitter rolls come from <see cref="Random"/>.</summary>
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

    /// <summary>The random source for the backoff's jitter (0 to 1; tests replace it).</summary>
    public Func<double> Random { get; init; } = System.Random.Shared.NextDouble;

    /// <summary>
    /// The backoff before attempt <paramref name="failures"/> (1 = the first retry, which goes at once; then
    /// <see cref="BackoffBase"/> doubling up to <see cref="BackoffCap"/>, each between half and all of it).
    /// </summary>
    public TimeSpan Backoff(int failures, double jitter) =>
        failures <= 1 ? TimeSpan.Zero : new ExponentialBackoff(BackoffBase, BackoffCap, jitter: 0.5).Delay(failures - 1, jitter);
}

namespace Dpse.Core.Duplicates;

/// <summary>Checks shared by every <see cref="IOnceKeys"/> store, so each refuses the same bad arguments.</summary>
public static class OnceKey
{
    /// <summary>The longest key a store accepts (a Slack signature with its prefix fits comfortably).</summary>
    public const int MaxLength = 200;

    /// <summary>How often a store sweeps expired claims on its own, at most.</summary>
    public static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(5);

    /// <summary>Throws for an empty or over-long key, or an expiry not after <paramref name="now"/>: programmer mistakes.</summary>
    public static void Check(string key, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(key.Length, MaxLength, nameof(key));
        if (expiresAt <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresAt), expiresAt, $"A claim must expire after now ({now:O}).");
        }
    }
}

namespace Dpse.Testing.Discord;

/// <summary>A scripted or computed answer.</summary>
public sealed record FakeResponse(int Status, string? Body, IReadOnlyDictionary<string, string>? ExtraHeaders = null)
{
    public IReadOnlyDictionary<string, string> Headers => ExtraHeaders ?? new Dictionary<string, string>();

    /// <summary>A 429 as Discord sends it (see <see cref="DiscordTooManyRequests"/>).</summary>
    public static FakeResponse TooManyRequests(double retryAfter, bool global, string? bucket = null) =>
        From(new DiscordTooManyRequests(retryAfter, global, bucket));

    /// <summary>The 429 <paramref name="limited"/> describes.</summary>
    public static FakeResponse From(DiscordTooManyRequests limited) => new(429, limited.Body, limited.Headers);
}

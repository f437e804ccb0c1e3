namespace Dpse.Slack.Interactions;

/// <summary>
/// An interaction's <c>response_url</c> and what is left of it: Slack accepts at most <see cref="MaxUses"/> posts
/// within <see cref="Lifetime"/> of the interaction. Past that the caller posts through the Web API instead.
/// </summary>
internal sealed class ResponseUrl(Uri url, DateTimeOffset issuedAt)
{
    public const int MaxUses = 5;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private int _uses;

    public Uri Url { get; } = url;

    /// <summary>Takes one use if any is left and the URL has not expired.</summary>
    public bool TryUse(DateTimeOffset now)
    {
        if (now - issuedAt >= Lifetime)
        {
            return false;
        }

        return Interlocked.Increment(ref _uses) <= MaxUses;
    }

    public static ResponseUrl? From(string? text, DateTimeOffset issuedAt) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? new ResponseUrl(url, issuedAt)
            : null;
}

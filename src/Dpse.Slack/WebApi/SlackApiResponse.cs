using System.Text.Json.Nodes;

namespace Dpse.Slack.WebApi;

/// <summary>
/// What one Web API call came to. <see cref="Error"/> is Slack's error code (<c>channel_not_found</c>) or ours for
/// transport failures (<c>network_error</c>, <c>http_500</c>, <c>ratelimited</c> after the retries ran out).
/// </summary>
public sealed record SlackApiResponse(bool Ok, string? Error, JsonObject? Body)
{
    /// <summary>A human-readable reason for logs and error replies.</summary>
    public string Describe(string method) => Ok ? $"{method} ok" : $"Slack refused {method}: {Error} ({SlackErrors.Explain(Error)})";

    /// <summary>A string property of the body, or null.</summary>
    public string? Get(string name) => Body?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>
    /// Set when the client did not (re)send because the wait for Slack's <c>Retry-After</c> would pass the caller's
    /// deadline: the request is not on Slack's side; try again after this long.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>True when Slack itself answered <c>ok: false</c> (so nothing was done), not a transport failure.</summary>
    public bool RefusedBySlack => !Ok && Body is not null;

    internal static SlackApiResponse Failed(string error) => new(false, error, null);
}

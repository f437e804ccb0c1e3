using System.Net;
using System.Text.Json.Nodes;

namespace Dpse.Discord.Rest;

/// <summary>What Discord answered (or the network error that stood in for an answer after the retries).</summary>
internal sealed record DiscordResponse(int Status, JsonNode? Body, string? Error)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>Discord's JSON error code (e.g. 10003 unknown channel, 50013 missing permissions), if any.</summary>
    public int? Code => Body is JsonObject o && o["code"] is JsonValue v && v.TryGetValue<int>(out var code) ? code : null;

    /// <summary>True when retrying later may work: network errors, timeouts, 5xx, rate limits, a bad token.</summary>
    public bool IsTransient => Status is 0 or (int)HttpStatusCode.TooManyRequests or (int)HttpStatusCode.Unauthorized or >= 500;

    /// <summary>
    /// Set when the client gave up waiting because the wait (a bucket reset, a 429's <c>retry_after</c>, a global
    /// pause) would pass the caller's deadline: the request was not sent (again), try after this long.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }

    public static DiscordResponse Network(string error) => new(0, null, error);

    /// <summary>Not sent: Discord asked us to wait <paramref name="wait"/>, longer than the caller's deadline allows.</summary>
    public static DiscordResponse Deferred(TimeSpan wait, string why) =>
        new((int)HttpStatusCode.TooManyRequests, null, $"{why}: waiting {wait.TotalSeconds:0.###} s would pass the send's deadline") { RetryAfter = wait };

    public string Describe() => IsSuccess ? $"HTTP {Status}" : $"HTTP {Status}{(Code is { } c ? $" code {c}" : "")}: {Error}";
}

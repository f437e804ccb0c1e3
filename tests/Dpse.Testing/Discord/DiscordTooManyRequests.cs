using System.Globalization;

namespace Dpse.Testing.Discord;

/// <summary>
/// A 429 as Discord sends it: <c>Retry-After</c> in whole seconds, the scope, and for a per-route limit the bucket
/// headers; the body carries <c>retry_after</c> in seconds with milliseconds and whether the limit is the global one.
/// </summary>
public sealed record DiscordTooManyRequests(double RetryAfter, bool Global, string? Bucket = null)
{
    /// <summary>The response headers.</summary>
    public IReadOnlyDictionary<string, string> Headers
    {
        get
        {
            var headers = new Dictionary<string, string>
            {
                ["Retry-After"] = Math.Ceiling(RetryAfter).ToString(CultureInfo.InvariantCulture),
                ["X-RateLimit-Scope"] = Global ? "global" : "user",
            };
            if (Global)
            {
                headers["X-RateLimit-Global"] = "true";
            }
            else
            {
                headers["X-RateLimit-Bucket"] = Bucket ?? "abcd1234";
                headers["X-RateLimit-Limit"] = "5";
                headers["X-RateLimit-Remaining"] = "0";
                headers["X-RateLimit-Reset-After"] = Seconds;
            }

            return headers;
        }
    }

    /// <summary>The JSON body.</summary>
    public string Body
    {
        get
        {
            var flag = Global ? "true" : "false";
            return $$$"""{"message":"You are being rate limited.","retry_after":{{{Seconds}}},"global":{{{flag}}}}""";
        }
    }

    private string Seconds => Math.Max(RetryAfter, 0.001).ToString("0.000", CultureInfo.InvariantCulture);
}

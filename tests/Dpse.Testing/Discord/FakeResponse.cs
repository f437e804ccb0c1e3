using System.Globalization;

namespace Dpse.Testing.Discord;

/// <summary>A scripted or computed answer.</summary>
public sealed record FakeResponse(int Status, string? Body, IReadOnlyDictionary<string, string>? ExtraHeaders = null)
{
    public IReadOnlyDictionary<string, string> Headers => ExtraHeaders ?? new Dictionary<string, string>();

    public static FakeResponse TooManyRequests(double retryAfter, bool global, string? bucket = null)
    {
        var seconds = Math.Max(retryAfter, 0.001).ToString("0.000", CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>
        {
            ["Retry-After"] = Math.Ceiling(retryAfter).ToString(CultureInfo.InvariantCulture),
            ["X-RateLimit-Scope"] = global ? "global" : "user",
        };
        if (global)
        {
            headers["X-RateLimit-Global"] = "true";
        }
        else
        {
            headers["X-RateLimit-Bucket"] = bucket ?? "abcd1234";
            headers["X-RateLimit-Limit"] = "5";
            headers["X-RateLimit-Remaining"] = "0";
            headers["X-RateLimit-Reset-After"] = seconds;
        }

        var flag = global ? "true" : "false";
        return new FakeResponse(429, $$$"""{"message":"You are being rate limited.","retry_after":{{{seconds}}},"global":{{{flag}}}}""", headers);
    }
}

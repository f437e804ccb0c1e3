using System.Globalization;

namespace Dpse.Testing.Slack;

/// <summary>A 429 as Slack's Web API sends it: <c>Retry-After</c> in whole seconds (at least one) and a <c>ratelimited</c> error.</summary>
public sealed record SlackTooManyRequests(double Seconds)
{
    /// <summary>The JSON body.</summary>
    public const string Body = """{"ok":false,"error":"ratelimited"}""";

    /// <summary>The <c>Retry-After</c> header's value, in whole seconds.</summary>
    public string RetryAfter => Math.Max(1, Math.Ceiling(Seconds)).ToString(CultureInfo.InvariantCulture);
}

using Microsoft.Extensions.Logging;

namespace Dpse.Discord;

/// <summary>The adapter's repeated log events. Never tokens, never user text at Information.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Discord {Method} {Route} failed after retries: {Error}")]
    public static partial void RequestFailed(ILogger logger, string method, string route, string error);

    [LoggerMessage(2, LogLevel.Warning, "Discord {Method} {Route} rate limited for {RetryAfterSeconds} s (global: {Global})")]
    public static partial void RateLimited(ILogger logger, string method, string route, double retryAfterSeconds, bool global);

    [LoggerMessage(3, LogLevel.Warning, "Discord {Method} {Route} answered {Status}; attempt {Attempt}, retrying")]
    public static partial void ServerError(ILogger logger, string method, string route, int status, int attempt);

    [LoggerMessage(4, LogLevel.Warning, "Discord {Method} {Route} rejected with {Status} (code {Code}): {ErrorBody}")]
    public static partial void Rejected(ILogger logger, string method, string route, int status, int? code, string errorBody);
}

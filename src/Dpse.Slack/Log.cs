using Microsoft.Extensions.Logging;

namespace Dpse.Slack;

/// <summary>The Slack adapter's log events. Never a token, never user text above Debug.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Warning, "Slack {Method} answered 429; waiting {RetryAfterSeconds} s (attempt {Attempt})")]
    public static partial void RateLimited(ILogger logger, string method, double retryAfterSeconds, int attempt);

    [LoggerMessage(1002, LogLevel.Warning, "Slack {Method} failed: {Error} ({Explanation})")]
    public static partial void MethodFailed(ILogger logger, string method, string error, string explanation);

    [LoggerMessage(1003, LogLevel.Warning, "Slack {Method} could not be reached: {ExceptionType}: {Reason}")]
    public static partial void NetworkFailed(ILogger logger, string method, string exceptionType, string reason);

    [LoggerMessage(1004, LogLevel.Warning, "Slack {Method} answered HTTP {Status} without Slack's JSON")]
    public static partial void NotJson(ILogger logger, string method, int status);

    [LoggerMessage(1005, LogLevel.Information, "Slack {Method} warning: {Warning}")]
    public static partial void Warned(ILogger logger, string method, string warning);

    [LoggerMessage(2001, LogLevel.Information, "Slack Socket Mode connection {Connection} closed by Slack: {Status} {Description}")]
    public static partial void SocketClosed(ILogger logger, int connection, string status, string description);

    [LoggerMessage(2002, LogLevel.Warning, "Slack Socket Mode connection {Connection} dropped: {Reason}")]
    public static partial void SocketDropped(ILogger logger, int connection, string reason);

    [LoggerMessage(2003, LogLevel.Warning, "Slack Socket Mode connection {Connection} sent a malformed frame, skipped: {Reason}")]
    public static partial void MalformedFrame(ILogger logger, int connection, string reason);

    [LoggerMessage(2004, LogLevel.Information, "Slack Socket Mode connection {Connection} ready (hello)")]
    public static partial void Hello(ILogger logger, int connection);

    [LoggerMessage(2005, LogLevel.Information, "Slack asked connection {Connection} to disconnect: {Reason}; opening the next one first")]
    public static partial void DisconnectRequested(ILogger logger, int connection, string reason);

    [LoggerMessage(3001, LogLevel.Warning, "Slack {Kind} payload malformed, skipped: {Reason}")]
    public static partial void MalformedPayload(ILogger logger, string kind, string reason);

    [LoggerMessage(3002, LogLevel.Debug, "Slack {Source} in workspace {Workspace} channel {Channel}")]
    public static partial void Command(ILogger logger, string workspace, string channel, string source);

    [LoggerMessage(3003, LogLevel.Information, "Slack command took over {Milliseconds} ms: acked, reply follows via response_url")]
    public static partial void SlowCommand(ILogger logger, double milliseconds);

    [LoggerMessage(2006, LogLevel.Information, "Slack bot authenticated in workspace {Workspace} as user {BotUserId} (bot {BotId})")]
    public static partial void Authenticated(ILogger logger, string workspace, string botUserId, string botId);

    [LoggerMessage(2007, LogLevel.Critical, "{Reason}")]
    public static partial void AdapterStopped(ILogger logger, string reason);

    [LoggerMessage(2008, LogLevel.Information, "Slack Socket Mode reconnecting in {Seconds} s")]
    public static partial void Reconnecting(ILogger logger, double seconds);

    [LoggerMessage(2009, LogLevel.Debug, "Slack envelope {EnvelopeId} ({Type}) seen before: acked, not handled again")]
    public static partial void DuplicateEnvelope(ILogger logger, string envelopeId, string type);

    [LoggerMessage(2010, LogLevel.Error, "Slack {Type} envelope handling failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string type);

    [LoggerMessage(2012, LogLevel.Warning, "Could not claim a Slack {Type} as handled once (the store failed or was slow); handling it anyway")]
    public static partial void ClaimFailed(ILogger logger, Exception exception, string type);

    [LoggerMessage(2011, LogLevel.Critical, "The Slack adapter failed and stopped")]
    public static partial void AdapterFailed(ILogger logger, Exception exception);
}

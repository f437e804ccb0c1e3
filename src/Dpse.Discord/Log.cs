using Dpse.Discord.Gateway;
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

    [LoggerMessage(5, LogLevel.Critical, "Discord refused the bot token (Dpse:Discord:Token): the Discord adapter stops")]
    public static partial void TokenRefused(ILogger logger);

    [LoggerMessage(6, LogLevel.Warning, "GET /gateway/bot failed ({Error}); retrying")]
    public static partial void GatewayLookupFailed(ILogger logger, string error);

    [LoggerMessage(7, LogLevel.Information, "Discord gateway: {Shards} shard(s), max_concurrency {MaxConcurrency}")]
    public static partial void GatewayShape(ILogger logger, int shards, int maxConcurrency);

    [LoggerMessage(8, LogLevel.Warning, "Instance heartbeat failed; the gateway keeps its shards and the last live count")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(9, LogLevel.Information, "Instance {InstanceId} holds shard(s) {Shards} of {Count} ({Live} instance(s) live)")]
    public static partial void ShardsHeld(ILogger logger, string instanceId, string shards, int count, int live);

    [LoggerMessage(10, LogLevel.Warning, "Taking or checking shards failed; trying again next turn")]
    public static partial void ShardClaimFailed(ILogger logger, Exception exception);

    [LoggerMessage(11, LogLevel.Critical, "The Discord adapter has stopped; other adapters keep running")]
    public static partial void AdapterStopped(ILogger logger);

    [LoggerMessage(12, LogLevel.Warning, "Shard {Shard} stopped: this instance lost its hold on it")]
    public static partial void ShardHoldLost(ILogger logger, int shard);

    [LoggerMessage(13, LogLevel.Information, "Discord interactions arrive over HTTP at /discord/interactions; no gateway connection")]
    public static partial void InteractionsOverHttp(ILogger logger);

    [LoggerMessage(14, LogLevel.Information, "Shard {Shard} reconnecting in {DelaySeconds:0.0} s (attempt {Attempt})")]
    public static partial void ShardReconnecting(ILogger logger, int shard, double delaySeconds, int attempt);

    [LoggerMessage(15, LogLevel.Warning, "Shard {Shard}: the gateway did not start with HELLO")]
    public static partial void NoHello(ILogger logger, int shard);

    [LoggerMessage(16, LogLevel.Warning, "Shard {Shard}: no heartbeat ACK; reconnecting to resume")]
    public static partial void NoHeartbeatAck(ILogger logger, int shard);

    [LoggerMessage(17, LogLevel.Critical, "Discord gateway closed shard {Shard} with {Code}: {Reason}. The Discord adapter stops; fix the configuration and restart.")]
    public static partial void GatewayClosedFatally(ILogger logger, int shard, int? code, string reason);

    [LoggerMessage(18, LogLevel.Information, "Shard {Shard}: gateway closed ({Reason}); {Next}")]
    public static partial void GatewayClosed(ILogger logger, int shard, string reason, GatewayOutcome next);

    [LoggerMessage(19, LogLevel.Warning, "Shard {Shard}: gateway connection lost ({Error})")]
    public static partial void ConnectionLost(ILogger logger, int shard, string error);

    [LoggerMessage(20, LogLevel.Information, "Shard {Shard} ready (session established)")]
    public static partial void ShardReady(ILogger logger, int shard);

    [LoggerMessage(21, LogLevel.Information, "Shard {Shard} resumed")]
    public static partial void ShardResumed(ILogger logger, int shard);

    [LoggerMessage(22, LogLevel.Information, "Shard {Shard}: Discord asked to reconnect")]
    public static partial void ReconnectAsked(ILogger logger, int shard);

    [LoggerMessage(23, LogLevel.Information, "Shard {Shard}: invalid session (resumable: {Resumable})")]
    public static partial void InvalidSession(ILogger logger, int shard, bool resumable);

    [LoggerMessage(24, LogLevel.Debug, "Shard {Shard}: skipped gateway op {Op}")]
    public static partial void SkippedOp(ILogger logger, int shard, int op);

    [LoggerMessage(25, LogLevel.Error, "Shard {Shard}: an interaction failed")]
    public static partial void InteractionTaskFailed(ILogger logger, Exception? exception, int shard);

    [LoggerMessage(26, LogLevel.Warning, "Shard {Shard}: skipped a binary gateway frame")]
    public static partial void SkippedBinaryFrame(ILogger logger, int shard);

    [LoggerMessage(27, LogLevel.Warning, "Shard {Shard}: skipped a gateway frame that is not an object")]
    public static partial void SkippedNonObjectFrame(ILogger logger, int shard);

    [LoggerMessage(28, LogLevel.Warning, "Shard {Shard}: skipped a malformed gateway frame ({Error})")]
    public static partial void SkippedMalformedFrame(ILogger logger, int shard, string error);

    [LoggerMessage(29, LogLevel.Information, "Discord commands unchanged in {Scope}; registration skipped")]
    public static partial void CommandsUnchanged(ILogger logger, string scope);

    [LoggerMessage(30, LogLevel.Error, "Registering the Discord commands in {Scope} failed: {Error}")]
    public static partial void CommandRegistrationFailed(ILogger logger, string scope, string error);

    [LoggerMessage(31, LogLevel.Information, "Discord commands registered in {Scope}")]
    public static partial void CommandsRegistered(ILogger logger, string scope);

    [LoggerMessage(32, LogLevel.Warning, "Skipped an interaction without id, token or type")]
    public static partial void InteractionIncomplete(ILogger logger);

    [LoggerMessage(33, LogLevel.Debug, "Ignored interaction type {Type}")]
    public static partial void InteractionTypeIgnored(ILogger logger, int type);

    [LoggerMessage(34, LogLevel.Error, "Interaction {InteractionId} failed (reference {Reference})")]
    public static partial void InteractionFailed(ILogger logger, Exception exception, string interactionId, string reference);

    [LoggerMessage(35, LogLevel.Warning, "Answering the interaction failed: {Error}")]
    public static partial void AnswerFailed(ILogger logger, string error);
}

using Microsoft.Extensions.Logging;

namespace Dpse.Core.Scheduling;

/// <summary>The scheduler's and the outbox's log events.</summary>
internal static partial class SchedulingLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Delivered {DeliveryKey} as {MessageId}{LateNote}")]
    public static partial void Delivered(ILogger logger, string deliveryKey, string? messageId, string lateNote);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Not sending {DeliveryKey}: {Reason}")]
    public static partial void Skipped(ILogger logger, string deliveryKey, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Skipping the digest for {Channel} due at {DueAt:O}: {Reason}")]
    public static partial void DigestMissed(ILogger logger, string channel, DateTimeOffset dueAt, string reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Delivery {DeliveryKey} failed for now (attempt {Attempt}), retrying at {RetryAt:O}: {Error}")]
    public static partial void Retrying(ILogger logger, string deliveryKey, int attempt, DateTimeOffset retryAt, string? error);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Delivery {DeliveryKey} to {Target} failed for good: {Error}")]
    public static partial void Failed(ILogger logger, string deliveryKey, string target, string? error);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Error, Message = "A scheduler pass failed; trying again at {RetryAt:O}")]
    public static partial void PassFailed(ILogger logger, Exception exception, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Error, Message = "Delivery {DeliveryKey} stopped with an error; looking at it again at {RetryAt:O}")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception, string deliveryKey, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Warning, Message = "Could not hand back the claim on {DeliveryKey}; another instance may take it when the lease ends")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, string deliveryKey);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "The digest for {Channel} is not scheduled: its stored time zone {TimeZone} is unknown")]
    public static partial void DigestZoneUnknown(ILogger logger, string channel, string timeZone);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Debug, Message = "Scheduler pass done; next due {NextDue:O}")]
    public static partial void Sleeping(ILogger logger, DateTimeOffset nextDue);
}

using Dpse.Core.Channels;
using Dpse.Core.Digests;
using Dpse.Core.Events;
using Dpse.Core.Messages;
using Dpse.Core.Reminders;
using Dpse.Core.Resilience;
using Dpse.Core.Scheduling;
using Dpse.Core.Sending;
using Dpse.Core.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dpse.Core.Deliveries;

/// <summary>
/// Works one pending outbox record with a target: checks it is still worth sending (late rules), builds its message
/// from the current state, sends it through the target platform's <see cref="IMessageSender"/> with the record's key,
/// and records the outcome. The attempt is recorded as started before the send (see
/// <see cref="DeliveryRecord.AttemptStartedAt"/>), so a crash in between leaves an attempt the sender reconciles next
/// time. Each send has a deadline (<see cref="SendDeadline"/>); a transient failure leaves it pending until the
/// platform's retry time or a capped backoff; a permanent one marks the channel's
/// <see cref="ChannelSettings.DeliveryProblem"/> and moves on. Safe to call concurrently for different records.
/// Each settled attempt is counted in <see cref="DeliveryMetrics"/>.
/// </summary>
public sealed class OutboxSender(
    IDeliveryStore deliveries,
    IEventStore events,
    IChannelSettingsStore channels,
    DigestComposer composer,
    IEnumerable<IMessageSender> senders,
    TimeProvider time,
    IOptions<ExchangeOptions> options,
    ILogger<OutboxSender> logger,
    DeliveryMetrics? metrics = null,
    IOptions<Instances.InstanceOptions>? instance = null)
{
    // The name this instance claims deliveries under (Dpse:Storage:Instances:Id, as for shards and membership).
    private readonly string _owner = (instance?.Value ?? new Instances.InstanceOptions()).Id;

    /// <summary>A delivery sent more than this after its due moment is marked late.</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromMinutes(1);

    /// <summary>Transient failures are retried up to this many attempts in all.</summary>
    public const int MaxAttempts = 8;

    /// <summary>The longest wait between two attempts.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long one send may wait for the platform (rate limits, retries after 5xx). A longer wait hands the delivery
    /// back to the outbox with the platform's retry time instead of holding a worker.
    /// </summary>
    public static readonly TimeSpan SendDeadline = TimeSpan.FromSeconds(10);

    private readonly IReadOnlyList<IMessageSender> _senders = [.. senders];

    /// <summary>The wait after each failed attempt: 30 s, 1 min, 2 min... capped at <see cref="MaxBackoff"/>.</summary>
    public static readonly ExponentialBackoff RetryBackoff = new(TimeSpan.FromSeconds(30), MaxBackoff);

    /// <summary>Delivers (or settles) one pending record and returns it as recorded.</summary>
    public async Task<DeliveryRecord> DeliverAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);

        // Claim the stored record, not the caller's copy: a pass may hand over a record from a listing taken before
        // another worker (in this process or another instance) settled it, and sending that stale copy would post it
        // twice. While this instance holds the claim no other instance sends it; if this one dies, the lease ends
        // and a survivor takes it over (and reconciles the attempt this one may have made).
        var now = time.UtcNowMs();
        var (owner, lease) = (_owner, options.Value.DeliveryClaimLease);
        var claim = await deliveries.TryClaimAsync(record.Key, owner, now, lease, cancellationToken);
        if (!claim.Claimed)
        {
            return claim.Record ?? record;
        }

        try
        {
            return await DeliverClaimedAsync(claim.Record!, now, cancellationToken);
        }
        finally
        {
            await ReleaseAsync(record.Key, owner);
        }
    }

    /// <summary>How long this instance holds a delivery it sends (see <see cref="ExchangeOptions.DeliveryClaimLease"/>).</summary>
    public TimeSpan ClaimLease => options.Value.DeliveryClaimLease;

    private async Task<DeliveryRecord> DeliverClaimedAsync(DeliveryRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (record.Target is not { } target || record.NextAttemptAt > now)
        {
            return record;
        }

        var late = now - record.DueAt > LateAfter;
        var (message, reason) = await PrepareAsync(record, now, late, cancellationToken);
        if (message is null)
        {
            SchedulingLog.Skipped(logger, record.Key, reason ?? "nothing to send");
            var settled = await SaveAsync(record with { Status = record.Attempts > 0 ? DeliveryStatus.Failed : DeliveryStatus.Skipped, Error = reason, UpdatedAt = now }, cancellationToken);
            metrics?.Settled(settled, target.Platform, settled.Status == DeliveryStatus.Failed ? DeliveryOutcome.Failed : DeliveryOutcome.Skipped, now - record.DueAt);
            return settled;
        }

        var sender = _senders.FirstOrDefault(s => string.Equals(s.Platform, target.Platform, StringComparison.Ordinal));
        if (sender is null)
        {
            var error = $"no sender is configured for {target.Platform}";
            SchedulingLog.Failed(logger, record.Key, target.Key, error);
            metrics?.Settled(record, target.Platform, DeliveryOutcome.Failed, now - record.DueAt);
            return await SaveAsync(record with { Status = DeliveryStatus.Failed, Error = error, UpdatedAt = now }, cancellationToken);
        }

        // Recorded before the send: if the process dies between the send and the record below, the pending record
        // says an attempt may have posted, and the next attempt reconciles with the platform instead of posting blind.
        var unconfirmedSince = record.AttemptStartedAt;
        record = await SaveAsync(record with { AttemptStartedAt = unconfirmedSince ?? now, UpdatedAt = now }, cancellationToken);
        var request = new SendRequest(target, message, record.Key) { Deadline = now + SendDeadline, UnconfirmedSince = unconfirmedSince, Urgent = record.Kind == DeliveryKind.Reminder };
        SendResult result;
        try
        {
            result = await sender.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            result = SendResult.Transient(ex.GetType().Name + ": " + ex.Message);
        }

        var attempts = record.Attempts + 1;
        var after = time.UtcNowMs();
        switch (result.Status)
        {
            case SendStatus.Sent:
                SchedulingLog.Delivered(logger, record.Key, result.MessageId, late ? " (late)" : "");
                var sent = await SaveAsync(record with { Status = DeliveryStatus.Sent, MessageId = result.MessageId, Late = late, Attempts = attempts, Error = null, NextAttemptAt = null, AttemptStartedAt = null, UpdatedAt = after }, cancellationToken);
                metrics?.Settled(sent, target.Platform, DeliveryOutcome.Sent, after - record.DueAt);
                return sent;

            case SendStatus.TransientFailure when attempts < MaxAttempts:
                // The platform's own "not before" wins over our backoff; an attempt known to have posted nothing
                // leaves the record as unconfirmed as it was before it.
                var retryAt = result.RetryAt is { } notBefore && notBefore > after ? notBefore : after + RetryBackoff.Delay(attempts);
                SchedulingLog.Retrying(logger, record.Key, attempts, retryAt, result.Error);
                var stillUnconfirmed = result.NothingPosted ? unconfirmedSince : record.AttemptStartedAt;
                metrics?.Settled(record, target.Platform, DeliveryOutcome.Retrying, after - record.DueAt);
                return await SaveAsync(record with { Attempts = attempts, NextAttemptAt = retryAt, Error = result.Error, AttemptStartedAt = stillUnconfirmed, UpdatedAt = after }, cancellationToken);

            default:
                SchedulingLog.Failed(logger, record.Key, target.Key, result.Error);
                var failed = await SaveAsync(record with { Status = DeliveryStatus.Failed, Attempts = attempts, Error = result.Error, UpdatedAt = after }, cancellationToken);
                metrics?.Settled(failed, target.Platform, DeliveryOutcome.Failed, after - record.DueAt);
                if (result.Status == SendStatus.PermanentFailure && target is ChannelTarget channelTarget)
                {
                    await MarkProblemAsync(channelTarget, result.Error ?? "refused", after, cancellationToken);
                }

                return failed;
        }
    }

    private async Task<(Message? Message, string? Reason)> PrepareAsync(DeliveryRecord record, DateTimeOffset now, bool late, CancellationToken cancellationToken)
    {
        if (record.Kind == DeliveryKind.Digest)
        {
            return await PrepareDigestAsync(record, now, late, cancellationToken);
        }

        if (record.EventNumber is not { } number || await events.GetAsync(number, cancellationToken) is not { } e)
        {
            return (null, "the event no longer exists");
        }

        switch (record.Kind)
        {
            case DeliveryKind.EventCancelled:
                return now >= e.EndUtc ? (null, "the event is already over") : (ReminderPlanner.CancelledNotice(e, record.Note), null);

            case var _ when !ReminderPlanner.IsLive(e):
                return (null, "the event was cancelled or hidden");

            case var _ when e.StartUtc != record.EventStart:
                return (null, "the event moved since this was planned");

            case var _ when e.StartUtc <= now:
                return (null, "the event has already started");

            case DeliveryKind.EventMoved:
                return (ReminderPlanner.MovedNotice(e, record.PreviousEventStart ?? e.StartUtc), null);

            default:
                return (ReminderPlanner.ReminderCard(e, e.StartUtc - now, late), null);
        }
    }

    private async Task<(Message? Message, string? Reason)> PrepareDigestAsync(DeliveryRecord record, DateTimeOffset now, bool late, CancellationToken cancellationToken)
    {
        if (DigestGrace.MissedReason(record.DueAt, now, options.Value.DigestGrace) is { } missed)
        {
            return (null, missed);
        }

        if (record.Target is not ChannelTarget { Channel: var channel })
        {
            return (null, "a digest goes to a channel only");
        }

        if (await channels.GetAsync(channel, cancellationToken) is not { Digest: { } subscription })
        {
            return (null, "the channel unsubscribed");
        }

        var message = await composer.ComposeAsync(channel, subscription, record.PeriodStart ?? record.DueAt - DigestComposer.DefaultPeriod, record.PeriodEnd ?? record.DueAt, cancellationToken);
        if (message is null)
        {
            return (null, "nothing to post: no new stories or celebrations and no events in the next 14 days");
        }

        return late
            ? (message with { Blocks = [message.Blocks[0], ContextBlock.Plain($"Sent late: the bot was offline at {EventTime.Describe(record.DueAt, subscription.TimeZone)}."), .. message.Blocks.Skip(1)] }, null)
            : (message, null);
    }

    // One narrow write: it touches only the problem, so it cannot undo a subscribe or reminders switch made meanwhile.
    private Task MarkProblemAsync(ChannelTarget target, string error, DateTimeOffset now, CancellationToken cancellationToken) =>
        channels.SetDeliveryProblemAsync(target.Channel, error, now, cancellationToken);

    // Hands the record back at once (also when stopping), so another instance need not wait for the lease to end. A
    // store that cannot be reached now lets the lease run out instead: nothing is lost, a survivor waits longer.
    private async Task ReleaseAsync(string key, string owner)
    {
        try
        {
            await deliveries.ReleaseAsync(key, owner, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SchedulingLog.ReleaseFailed(logger, ex, key);
        }
    }

    private async Task<DeliveryRecord> SaveAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        await deliveries.UpdateAsync(record, cancellationToken);
        return record;
    }
}

using System.Globalization;
using Dpse.Core.Channels;
using Dpse.Core.Deliveries;
using Dpse.Core.Digests;
using Dpse.Core.Events;
using Dpse.Core.Reminders;
using Dpse.Core.Sending;
using Dpse.Core.Time;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dpse.Core.Scheduling;

/// <summary>
/// The one scheduler loop. Each pass derives the due work from the stores (nothing lives only in memory): pending
/// outbox records (left by a crash or waiting for a retry), notices to fan out, digests whose slot has come, and
/// reminders whose moment has come. It records each delivery before sending it and hands it to
/// <see cref="DeliveryLanes"/>, which send beside the pass, concurrently and bounded, so a slow channel never holds it
/// up; then it sleeps with
/// <c>Task.Delay(due - now, timeProvider)</c> until the next due moment or until <see cref="IScheduleSignal.Changed"/>.
/// Late rules: a missed reminder goes out late only while its event has not started (only the latest missed offset per
/// target); a missed digest goes out late within <see cref="ExchangeOptions.DigestGrace"/>, older ones are skipped and logged.
/// </summary>
public sealed class DeliveryScheduler(
    IDeliveryStore deliveries,
    IEventStore events,
    IChannelSettingsStore channels,
    DigestComposer composer,
    ReminderPlanner planner,
    OutboxSender outbox,
    ScheduleSignal signal,
    SchedulerState state,
    TimeProvider time,
    IOptions<ExchangeOptions> options,
    ILogger<DeliveryScheduler> logger) : BackgroundService
{
    /// <summary>The longest sleep; events further ahead than the reminder horizon are looked at again after it.</summary>
    public static readonly TimeSpan MaxSleep = TimeSpan.FromDays(1);

    /// <summary>How long after a failed pass (store outage) the next one runs.</summary>
    public static readonly TimeSpan PassRetry = TimeSpan.FromSeconds(30);

    /// <summary>Events starting within this window are planned (offsets are at most 30 days, plus the longest sleep).</summary>
    public static readonly TimeSpan ReminderHorizon = TimeSpan.FromDays(31);

    // A cache, not state: (event, start, offset) moments a pass has fully planned at or after their due time. Every
    // target that wanted them then got a record; any target added later wanted them only from after the moment, so
    // re-planning them can add nothing. A restart starts it empty and re-derives everything from the store.
    private readonly Dictionary<string, DateTimeOffset> _settled = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unknownZonesLogged = new(StringComparer.Ordinal);
    private readonly DeliveryLanes _lanes = new(outbox, state, time, logger);
    private DateTimeOffset _lastPrune;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _lanes.WakeAt = at =>
        {
            if (state.WakeFor(at))
            {
                signal.Changed();
            }
        };

        try
        {
            await LoopAsync(stoppingToken);
        }
        finally
        {
            // Sends in flight see the same token; let them record what they can before the host moves on.
            await _lanes.DrainAsync();
        }
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = signal.NextChange;
            state.Waking();
            DateTimeOffset next;
            try
            {
                next = await RunPassAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                next = time.GetUtcNow() + PassRetry;
                SchedulingLog.PassFailed(logger, ex, next);
            }

            await SleepAsync(next, changed, stoppingToken);
        }
    }

    /// <summary>
    /// One pass: start what is due now (the sends run beside the pass, see <see cref="DeliveryLanes"/>), return when
    /// the next thing is due. Reminders are planned before digests, so when both are due the reminders go first.
    /// </summary>
    public async Task<DateTimeOffset> RunPassAsync(CancellationToken cancellationToken)
    {
        var now = time.UtcNowMs();
        var next = now + MaxSleep;
        _lanes.PruneCoolDowns(now);
        var active = await channels.ListActiveAsync(cancellationToken);

        var pending = await deliveries.ListPendingAsync(cancellationToken);
        foreach (var record in pending.Where(r => r.Kind != DeliveryKind.Digest).Concat(pending.Where(r => r.Kind == DeliveryKind.Digest)))
        {
            if (record.NextAttemptAt is { } retryAt && retryAt > now)
            {
                next = Min(next, retryAt);
                continue;
            }

            if (_lanes.IsBusy(record.Key, now, out var notBefore))
            {
                next = notBefore is { } at ? Min(next, at) : next;
                continue;
            }

            next = Min(next, record.Target is null
                ? await FanOutAsync(record, active, cancellationToken)
                : Deliver(record, cancellationToken));
        }

        next = Min(next, await PlanRemindersAsync(active, now, cancellationToken));
        next = Min(next, await PlanDigestsAsync(active, now, cancellationToken));
        SchedulingLog.Sleeping(logger, next);
        return next;
    }

    private async Task SleepAsync(DateTimeOffset next, Task changed, CancellationToken stoppingToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var wait = next - time.GetUtcNow();
        var delay = wait > TimeSpan.Zero ? Task.Delay(wait, time, cts.Token) : Task.CompletedTask;
        state.Sleep(next);

        // Read the clock again after the timer exists: a clock that moved past 'next' meanwhile does not strand us.
        if (time.GetUtcNow() < next)
        {
            await Task.WhenAny(delay, changed);
        }

        await cts.CancelAsync();
    }

    // Starts the send and returns at once: the lanes wake the scheduler if it settles with a retry time.
    private DateTimeOffset Deliver(DeliveryRecord record, CancellationToken cancellationToken)
    {
        _lanes.TryStart(record, cancellationToken);
        return DateTimeOffset.MaxValue;
    }

    // Another instance sharing the store planned it a moment ago and is sending it. If that instance dies before it
    // claims the record, this pass's listing did not see it pending: look again once a claim would have ended.
    private DateTimeOffset AddedElsewhere(DateTimeOffset now) => now + outbox.ClaimLease;

    private async Task<DateTimeOffset> FanOutAsync(DeliveryRecord notice, IReadOnlyList<ChannelSettings> active, CancellationToken cancellationToken)
    {
        var next = DateTimeOffset.MaxValue;
        var now = time.UtcNowMs();
        var e = notice.EventNumber is { } number ? await events.GetAsync(number, cancellationToken) : null;
        var cancellation = notice.Kind == DeliveryKind.EventCancelled;
        if (e is null || (!cancellation && !ReminderPlanner.IsLive(e)))
        {
            SchedulingLog.Skipped(logger, notice.Key, "the event is gone, cancelled or hidden");
            await deliveries.UpdateAsync(notice with { Status = DeliveryStatus.Skipped, Error = "the event is gone, cancelled or hidden", UpdatedAt = now }, cancellationToken);
            return next;
        }

        var targets = await planner.TargetsAsync(e, cancellation, active, cancellationToken);
        foreach (var planned in targets)
        {
            var record = notice with
            {
                Key = cancellation ? DeliveryKeys.Cancelled(e.Number, planned.Target) : DeliveryKeys.Moved(e.Number, notice.EventStart ?? e.StartUtc, planned.Target),
                Target = planned.Target,
                CreatedAt = now,
                UpdatedAt = now,
            };
            var existing = await deliveries.TryAddAsync(record, cancellationToken) ? record : await deliveries.GetAsync(record.Key, cancellationToken);
            if (existing is { Status: DeliveryStatus.Pending } && (existing.NextAttemptAt is null || existing.NextAttemptAt <= now) && !_lanes.IsBusy(existing.Key, now, out _))
            {
                next = Min(next, Deliver(existing, cancellationToken));
            }
        }

        await deliveries.UpdateAsync(notice with { Status = DeliveryStatus.Sent, Error = null, MessageId = $"{targets.Count} targets", UpdatedAt = time.UtcNowMs() }, cancellationToken);
        return next;
    }

    private async Task<DateTimeOffset> PlanDigestsAsync(IReadOnlyList<ChannelSettings> active, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var next = DateTimeOffset.MaxValue;
        foreach (var settings in active.Where(c => c.Digest is not null).OrderBy(c => c.Channel.Key, StringComparer.Ordinal))
        {
            var subscription = settings.Digest!;
            if (DigestSchedule.NextAfter(subscription, now) is not { } due || DigestSchedule.LatestAtOrBefore(subscription, now) is not { } slot)
            {
                await ReportUnknownZoneAsync(settings, now, cancellationToken);
                continue;
            }

            next = Min(next, due);
            if (slot <= subscription.Since)
            {
                continue;
            }

            var channel = settings.Channel;
            var records = await deliveries.ListBySubjectAsync(DeliveryKeys.DigestSubject(channel), cancellationToken);
            if (records.Any(r => r.Kind == DeliveryKind.Digest && r.DueAt >= slot))
            {
                continue;
            }

            var periodStart = await composer.PeriodStartAsync(channel, slot, cancellationToken);
            var record = new DeliveryRecord
            {
                Key = DeliveryKeys.Digest(channel, periodStart, slot),
                Kind = DeliveryKind.Digest,
                Subject = DeliveryKeys.DigestSubject(channel),
                Target = new ChannelTarget(channel),
                DueAt = slot,
                PeriodStart = periodStart,
                PeriodEnd = slot,
                CreatedAt = now,
                UpdatedAt = now,
            };

            if (DigestGrace.MissedReason(slot, now, options.Value.DigestGrace) is { } reason)
            {
                SchedulingLog.DigestMissed(logger, channel.Key, slot, reason);
                await deliveries.TryAddAsync(record with { Status = DeliveryStatus.Skipped, Error = reason }, cancellationToken);
                continue;
            }

            next = Min(next, await deliveries.TryAddAsync(record, cancellationToken)
                ? Deliver(record, cancellationToken)
                : AddedElsewhere(now));
        }

        return next;
    }

    /// <summary>
    /// A digest whose stored zone this build's time zone database does not know is not guessed into UTC (it would post
    /// at the wrong hour every week): the channel's status says why nothing comes, and the log says it once per channel.
    /// </summary>
    private async Task ReportUnknownZoneAsync(ChannelSettings settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var zone = settings.Digest!.TimeZone;
        if (_unknownZonesLogged.Add(settings.Channel.Key))
        {
            SchedulingLog.DigestZoneUnknown(logger, settings.Channel.Key, zone);
        }

        var reason = "digest " + DigestSchedule.UnknownZone(settings.Digest!);
        if (settings.DeliveryProblem != reason)
        {
            await channels.SetDeliveryProblemAsync(settings.Channel, reason, now, cancellationToken);
        }
    }

    private async Task<DateTimeOffset> PlanRemindersAsync(IReadOnlyList<ChannelSettings> active, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var next = DateTimeOffset.MaxValue;
        var upcoming = await events.ListStartingBetweenAsync(now + TimeSpan.FromMilliseconds(1), now + ReminderHorizon, cancellationToken);
        foreach (var e in upcoming)
        {
            if (!ReminderPlanner.IsLive(e))
            {
                continue;
            }

            var offsets = planner.OffsetsFor(e);
            var dueOffsets = new List<TimeSpan>();
            foreach (var offset in offsets)
            {
                var due = e.StartUtc - offset;
                if (due > now)
                {
                    next = Min(next, due);
                }
                else if (due >= e.CreatedAt && !_settled.ContainsKey(SettledKey(e, offset)))
                {
                    // Moments before the event was added were never owed; settled ones were fully planned already.
                    dueOffsets.Add(offset);
                }
            }

            if (dueOffsets.Count > 0)
            {
                next = Min(next, await PlanEventAsync(e, dueOffsets, active, now, cancellationToken));
                foreach (var offset in dueOffsets)
                {
                    _settled[SettledKey(e, offset)] = e.StartUtc;
                }
            }
        }

        if (_settled.Count > 0 && now - _lastPrune > MaxSleep)
        {
            _lastPrune = now;
            foreach (var started in _settled.Where(kv => kv.Value <= now).Select(kv => kv.Key).ToList())
            {
                _settled.Remove(started);
            }
        }

        return next;
    }

    private static string SettledKey(CommunityEvent e, TimeSpan offset) =>
        $"{e.Number.ToString(CultureInfo.InvariantCulture)}|{e.StartUtc.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{offset.Ticks.ToString(CultureInfo.InvariantCulture)}";

    private async Task<DateTimeOffset> PlanEventAsync(CommunityEvent e, List<TimeSpan> dueOffsets, IReadOnlyList<ChannelSettings> active, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var next = DateTimeOffset.MaxValue;
        var records = await deliveries.ListBySubjectAsync(DeliveryKeys.EventSubject(e.Number), cancellationToken);
        var keys = records.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);

        // Reminders due before the event existed at this start (added late, or moved) were never owed.
        var floor = records
            .Where(r => r.Kind == DeliveryKind.EventMoved && r.Target is null && r.EventStart == e.StartUtc)
            .Select(r => r.CreatedAt)
            .Append(e.CreatedAt)
            .Max();

        var targets = await planner.TargetsAsync(e, cancellation: false, active, cancellationToken);
        foreach (var planned in targets)
        {
            var since = planned.Since > floor ? planned.Since : floor;
            var latestRecorded = records
                .Where(r => r.Kind == DeliveryKind.Reminder && r.EventStart == e.StartUtc && r.Target?.Key == planned.Target.Key)
                .Select(r => r.DueAt)
                .DefaultIfEmpty(DateTimeOffset.MinValue)
                .Max();
            var candidates = dueOffsets
                .Select(o => (Offset: o, Due: e.StartUtc - o, Key: DeliveryKeys.Reminder(e.Number, e.StartUtc, o, planned.Target)))
                .Where(c => c.Due >= since && !keys.Contains(c.Key))
                .OrderByDescending(c => c.Due)
                .ToList();

            for (var i = 0; i < candidates.Count; i++)
            {
                var (offset, due, key) = candidates[i];
                var record = new DeliveryRecord
                {
                    Key = key,
                    Kind = DeliveryKind.Reminder,
                    Subject = DeliveryKeys.EventSubject(e.Number),
                    Target = planned.Target,
                    DueAt = due,
                    EventNumber = e.Number,
                    EventStart = e.StartUtc,
                    Offset = offset,
                    CreatedAt = now,
                    UpdatedAt = now,
                };

                if (i == 0 && due > latestRecorded)
                {
                    next = Min(next, await deliveries.TryAddAsync(record, cancellationToken)
                        ? Deliver(record, cancellationToken)
                        : AddedElsewhere(now));
                }
                else
                {
                    // Missed while down, and a later reminder for the same target is going out instead: one catch-up, not a burst.
                    await deliveries.TryAddAsync(record with { Status = DeliveryStatus.Skipped, Error = "superseded by a later reminder" }, cancellationToken);
                }
            }
        }

        return next;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

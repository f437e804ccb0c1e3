using System.Globalization;
using Dpse.Core.Deliveries;
using Dpse.Core.Events;
using Dpse.Core.Scheduling;
using Dpse.Core.Time;

namespace Dpse.Core.Reminders;

/// <summary>
/// Records a notice in the outbox (durable: a restart still fans it out) and wakes the scheduler, which expands it
/// into one delivery per target.
/// </summary>
public sealed class EventChangeNotices(IDeliveryStore deliveries, IScheduleSignal signal, TimeProvider time) : IEventChanges
{
    /// <inheritdoc />
    public async Task StartMovedAsync(CommunityEvent before, CommunityEvent after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.StartUtc == after.StartUtc)
        {
            return;
        }

        var now = time.UtcNowMs();
        await deliveries.TryAddAsync(new DeliveryRecord
        {
            Key = $"{DeliveryKeys.Moved(after.Number, after.StartUtc)}|at {now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}",
            Kind = DeliveryKind.EventMoved,
            Subject = DeliveryKeys.EventSubject(after.Number),
            DueAt = now,
            EventNumber = after.Number,
            EventStart = after.StartUtc,
            PreviousEventStart = before.StartUtc,
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken);
        signal.Changed();
    }

    /// <inheritdoc />
    public async Task CancelledAsync(CommunityEvent cancelled, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cancelled);
        var now = time.UtcNowMs();
        await deliveries.TryAddAsync(new DeliveryRecord
        {
            Key = DeliveryKeys.Cancelled(cancelled.Number),
            Kind = DeliveryKind.EventCancelled,
            Subject = DeliveryKeys.EventSubject(cancelled.Number),
            DueAt = now,
            EventNumber = cancelled.Number,
            EventStart = cancelled.StartUtc,
            Note = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken);
        signal.Changed();
    }
}

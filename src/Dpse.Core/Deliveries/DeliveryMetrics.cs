using System.Diagnostics;
using System.Diagnostics.Metrics;
using Dpse.Core.Identity;

namespace Dpse.Core.Deliveries;

/// <summary>
/// The outbox's instruments (meter <see cref="MeterName"/>): <c>dpse.deliveries</c> counts attempts settled by kind,
/// platform and outcome (sent, retrying, failed, skipped); <c>dpse.deliveries.late</c> counts those sent after
/// <see cref="OutboxSender.LateAfter"/>; <c>dpse.delivery.lateness</c> records how long after its due moment each
/// delivery went out; <c>dpse.outbox.depth</c> is the number of pending records. Labels are fixed small sets (kinds,
/// platforms, outcomes): never a channel, person, event or delivery key.
/// </summary>
public sealed class DeliveryMetrics : IDisposable
{
    /// <summary>The meter's name, for exporters to subscribe to.</summary>
    public const string MeterName = "Dpse.Deliveries";

    private static readonly double[] LatenessBuckets = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 21600, 86400];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _late;
    private readonly Histogram<double> _lateness;
    private int _depth = -1;

    /// <summary>
    /// Creates the instruments on a meter from <paramref name="meters"/> (the host's), or on a meter of its own when
    /// there is no factory.
    /// </summary>
    public DeliveryMetrics(IMeterFactory? meters = null)
    {
        _ownsMeter = meters is null;
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _deliveries = _meter.CreateCounter<long>("dpse.deliveries", description: "Outbox attempts settled, by kind, platform and outcome (sent, retrying, failed, skipped).");
        _late = _meter.CreateCounter<long>("dpse.deliveries.late", description: "Deliveries sent more than a minute after they were due, by kind and platform.");
        _lateness = _meter.CreateHistogram("dpse.delivery.lateness", "s", "How long after its due moment each delivery was sent.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatenessBuckets });
        _meter.CreateObservableGauge("dpse.outbox.depth", ObserveDepth, description: "Pending outbox records (due or waiting for a retry), as counted at the last scrape.");
    }

    /// <summary>Counts one settled attempt; a sent one also records its lateness.</summary>
    public void Settled(DeliveryRecord record, string platform, DeliveryOutcome outcome, TimeSpan afterDue)
    {
        ArgumentNullException.ThrowIfNull(record);
        var tags = new TagList
        {
            { "kind", KindLabel(record.Kind) },
            { "platform", PlatformLabel(platform) },
        };
        if (outcome == DeliveryOutcome.Sent)
        {
            _lateness.Record(Math.Max(0, afterDue.TotalSeconds), tags);
            if (record.Late)
            {
                _late.Add(1, tags);
            }
        }

        tags.Add("outcome", OutcomeLabel(outcome));
        _deliveries.Add(1, tags);
    }

    /// <summary>Counts the pending records now, with the store's cheap count; the depth gauge reports the last count.</summary>
    public async Task RefreshDepthAsync(IDeliveryStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        Volatile.Write(ref _depth, await store.CountPendingAsync(cancellationToken));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    /// <summary>The <c>platform</c> label: one of the known platforms, else "other".</summary>
    public static string PlatformLabel(string? platform) => platform switch
    {
        Platforms.Discord => Platforms.Discord,
        Platforms.Slack => Platforms.Slack,
        Platforms.Shell => Platforms.Shell,
        _ => "other",
    };

    private static string KindLabel(DeliveryKind kind) => kind switch
    {
        DeliveryKind.Digest => "digest",
        DeliveryKind.Reminder => "reminder",
        DeliveryKind.EventMoved => "event_moved",
        DeliveryKind.EventCancelled => "event_cancelled",
        _ => "other",
    };

    private static string OutcomeLabel(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Sent => "sent",
        DeliveryOutcome.Retrying => "retrying",
        DeliveryOutcome.Failed => "failed",
        _ => "skipped",
    };

    // Nothing until the first count: a gauge of 0 before anyone counted would claim an empty outbox.
    private IEnumerable<Measurement<int>> ObserveDepth() =>
        Volatile.Read(ref _depth) is >= 0 and var depth ? [new Measurement<int>(depth)] : [];
}

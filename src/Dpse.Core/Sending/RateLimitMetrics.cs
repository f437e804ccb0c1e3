using System.Diagnostics.Metrics;
using Dpse.Core.Deliveries;

namespace Dpse.Core.Sending;

/// <summary>
/// What the platforms' paced clients report about rate limits (meter <see cref="MeterName"/>): <c>dpse.rate_limit.waits</c>
/// records each wait a request made for its turn (a bucket's reset, a global pause, a pacer's slot, a 429's
/// <c>Retry-After</c>) in seconds, and <c>dpse.rate_limit.hits</c> counts the platform's 429 answers. Label
/// <c>platform</c> only: routes and channels stay out of the labels.
/// </summary>
public sealed class RateLimitMetrics : IDisposable
{
    /// <summary>The meter's name, for exporters to subscribe to.</summary>
    public const string MeterName = "Dpse.Sending";

    private static readonly double[] WaitBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Histogram<double> _waits;
    private readonly Counter<long> _hits;

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/> (the host's), or on its own meter.</summary>
    public RateLimitMetrics(IMeterFactory? meters = null)
    {
        _ownsMeter = meters is null;
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _waits = _meter.CreateHistogram("dpse.rate_limit.waits", "s", "Waits for a rate-limit turn before a platform request, by platform.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WaitBuckets });
        _hits = _meter.CreateCounter<long>("dpse.rate_limit.hits", description: "HTTP 429 answers from the platform, by platform.");
    }

    /// <summary>Records a wait of <paramref name="wait"/> (nothing when it is not positive).</summary>
    public void Waited(string platform, TimeSpan wait)
    {
        if (wait > TimeSpan.Zero)
        {
            _waits.Record(wait.TotalSeconds, new KeyValuePair<string, object?>("platform", DeliveryMetrics.PlatformLabel(platform)));
        }
    }

    /// <summary>Counts one 429 answer.</summary>
    public void Hit(string platform) =>
        _hits.Add(1, new KeyValuePair<string, object?>("platform", DeliveryMetrics.PlatformLabel(platform)));

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}

using System.Diagnostics.Metrics;

namespace Dpse.Core.Health;

/// <summary>
/// <c>dpse.adapter.connected</c> (meter <see cref="MeterName"/>): 1 per adapter that is connected (gateway shards all up,
/// Socket Mode open, or the HTTP transport able to answer), else 0, read from the same <see cref="AdapterStatusBoard"/>
/// readiness reads, so <c>/metrics</c> and <c>/readyz</c> never disagree. Label <c>adapter</c>: the adapter's name.
/// </summary>
public sealed class AdapterMetrics : IDisposable
{
    /// <summary>The meter's name, for exporters to subscribe to.</summary>
    public const string MeterName = "Dpse.Health";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    /// <summary>Creates the gauge over <paramref name="board"/> (none when no adapter is enabled: the gauge stays empty).</summary>
    public AdapterMetrics(AdapterStatusBoard? board, IMeterFactory? meters = null)
    {
        _ownsMeter = meters is null;
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge(
            "dpse.adapter.connected",
            () => (board?.Snapshot() ?? []).Select(s => new Measurement<int>(s.State == AdapterState.Connected ? 1 : 0, new KeyValuePair<string, object?>("adapter", s.Adapter))),
            description: "1 when the platform adapter is connected (or able to answer over HTTP), 0 while connecting or stopped.");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}

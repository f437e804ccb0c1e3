using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Dpse.Core.Commands;

/// <summary>
/// The router's instruments (meter <see cref="MeterName"/>): <c>dpse.commands</c> counts each command by name and
/// outcome, <c>dpse.command.duration</c> times it in seconds. Labels come from the catalogue and a fixed set only:
/// the <c>command</c> label is a catalogue path or <see cref="UnknownCommand"/>, never what a person typed, so a
/// scrape can show no user text and the number of series stays bounded.
/// </summary>
public sealed class CommandMetrics : IDisposable
{
    /// <summary>The meter's name, for exporters to subscribe to.</summary>
    public const string MeterName = "Dpse.Commands";

    /// <summary>The <c>command</c> label of a command the catalogue does not know.</summary>
    public const string UnknownCommand = "unknown";

    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _commands;
    private readonly Histogram<double> _duration;
    private readonly TimeProvider _time;

    /// <summary>
    /// Creates the instruments on a meter from <paramref name="meters"/> (the host's, so each host has its own), or on a
    /// meter of its own when there is no factory (tests that build the core by hand).
    /// </summary>
    public CommandMetrics(TimeProvider time, IMeterFactory? meters = null)
    {
        _time = time;
        _ownsMeter = meters is null;
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _commands = _meter.CreateCounter<long>("dpse.commands", description: "Commands run, by catalogue path and outcome (ok, refused, failed).");
        _duration = _meter.CreateHistogram("dpse.command.duration", "s", "How long commands took from parsed request to reply.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    /// <summary>A timestamp to pass to <see cref="Record"/> when the command ends.</summary>
    public long Start() => _time.GetTimestamp();

    /// <summary>Counts one command and its time since <paramref name="started"/>.</summary>
    public void Record(string command, CommandOutcome outcome, long started)
    {
        var tags = new TagList
        {
            { "command", command },
            { "outcome", Label(outcome) },
        };
        _commands.Add(1, tags);
        _duration.Record(_time.GetElapsedTime(started).TotalSeconds, tags);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private static string Label(CommandOutcome outcome) => outcome switch
    {
        CommandOutcome.Ok => "ok",
        CommandOutcome.Refused => "refused",
        _ => "failed",
    };
}

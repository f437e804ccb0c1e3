namespace Dpse.Bot.Tests.Http;

/// <summary>
/// Tests that read exact counts from <c>/metrics</c> run after the parallel ones, alone. OpenTelemetry's listener picks
/// meters by name, so another host running commands in the same test process at the same time (one bot per process in
/// production) could add to, or, when that host stops, end the series a test is reading.
/// </summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;

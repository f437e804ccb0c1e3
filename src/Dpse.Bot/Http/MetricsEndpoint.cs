using Dpse.Core.Commands;
using Dpse.Core.Deliveries;
using Dpse.Core.Health;
using Dpse.Core.Sending;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Dpse.Bot.Http;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format, through OpenTelemetry's Prometheus exporter. The instruments live
/// in the rooms that own the facts (<see cref="CommandMetrics"/>, <see cref="DeliveryMetrics"/>,
/// <see cref="AdapterMetrics"/>, <see cref="RateLimitMetrics"/>, all on <c>System.Diagnostics.Metrics</c>); only this
/// file knows OpenTelemetry. Registered only when the HTTP endpoint listens.
/// </summary>
internal static class MetricsEndpoint
{
    /// <summary>The path Prometheus scrapes.</summary>
    public const string Path = "/metrics";

    /// <summary>How long a scrape waits for the outbox count before answering with the last one.</summary>
    public static readonly TimeSpan DepthBudget = TimeSpan.FromSeconds(2);

    public static void AddDpseMetrics(this IServiceCollection services) =>
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(CommandMetrics.MeterName, DeliveryMetrics.MeterName, AdapterMetrics.MeterName, RateLimitMetrics.MeterName)

            // No cached answer: a scrape right after an event shows it (Prometheus scrapes every 15 s or so anyway).
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));

    public static IEndpointRouteBuilder MapDpseMetrics(this IEndpointRouteBuilder endpoints)
    {
        // Create every instrument now, so the first scrape lists them all (the gauges would otherwise wait for a first use).
        var services = endpoints.ServiceProvider;
        _ = services.GetRequiredService<CommandMetrics>();
        _ = services.GetRequiredService<AdapterMetrics>();
        _ = services.GetRequiredService<RateLimitMetrics>();
        var deliveries = services.GetRequiredService<DeliveryMetrics>();
        endpoints.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
        {
            await RefreshDepthAsync(deliveries, context);
            await next(context);
        }), optionsName: null);
        return endpoints;
    }

    // The outbox depth is a count query, run per scrape within a budget; a store that does not answer leaves the last count.
    private static async Task RefreshDepthAsync(DeliveryMetrics deliveries, HttpContext context)
    {
        using var timeout = new CancellationTokenSource(DepthBudget, context.RequestServices.GetRequiredService<TimeProvider>());
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeout.Token);
        try
        {
            await deliveries.RefreshDepthAsync(context.RequestServices.GetRequiredService<IDeliveryStore>(), budget.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            // Readiness reports a store that does not answer; the scrape still serves every other metric.
        }
    }
}

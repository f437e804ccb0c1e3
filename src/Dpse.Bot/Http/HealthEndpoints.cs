using System.Text.Json.Nodes;
using Dpse.Core.Health;
using Dpse.Core.Stories;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dpse.Bot.Http;

/// <summary>
/// <c>GET /healthz</c>: the process answers. <c>GET /readyz</c>: the store answers within <see cref="StoreBudget"/> and
/// every enabled platform adapter is connected or able to answer; otherwise 503 with a small JSON body naming what is
/// not ready (states and operator-facing reasons only; never a token or an exception's text).
/// </summary>
internal static class HealthEndpoints
{
    public static readonly TimeSpan StoreBudget = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapDpseHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok\n", "text/plain"));
        endpoints.MapGet("/readyz", ReadyAsync);
        return endpoints;
    }

    private static async Task ReadyAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var notReady = new JsonArray();
        var store = "ok";
        using (var timeout = new CancellationTokenSource(StoreBudget, services.GetRequiredService<TimeProvider>()))
        using (var budget = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeout.Token))
        {
            try
            {
                await services.GetRequiredService<IStoryStore>().CountAsync(budget.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
            {
                store = "not answering";
                notReady.Add("store: not answering");
            }
        }

        var adapters = new JsonObject();
        foreach (var status in services.GetService<AdapterStatusBoard>()?.Snapshot() ?? [])
        {
            var state = status.State switch
            {
                AdapterState.Connected => "connected",
                AdapterState.Connecting => "connecting",
                _ => "stopped",
            };
            adapters[status.Adapter] = state;
            if (status.State != AdapterState.Connected)
            {
                notReady.Add($"{status.Adapter}: {state} ({status.Detail})");
            }
        }

        var ready = notReady.Count == 0;
        var body = new JsonObject
        {
            ["ready"] = ready,
            ["store"] = store,
            ["adapters"] = adapters,
            ["notReady"] = notReady,
        };
        context.Response.StatusCode = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}

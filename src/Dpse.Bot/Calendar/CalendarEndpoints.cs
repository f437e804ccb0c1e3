using Dpse.Bot.Http;
using Dpse.Core.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dpse.Bot.Calendar;

/// <summary><c>GET /calendar.ics</c> (every upcoming, published event) and <c>GET /events/E-n.ics</c> (one event).</summary>
internal static class CalendarEndpoints
{
    public const string FeedPath = "/calendar.ics";

    public static IEndpointRouteBuilder MapDpseCalendar(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(FeedPath, FeedAsync);
        endpoints.MapGet("/events/{id}.ics", OneAsync);
        return endpoints;
    }

    private static async Task FeedAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var all = await services.GetRequiredService<IEventStore>().ListAllAsync(context.RequestAborted);
        await WriteAsync(context, [.. EventCalendar.InFeed(all, now)], "Drupal Public Sector Exchange events", now);
    }

    private static async Task OneAsync(HttpContext context, string id)
    {
        var services = context.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var found = EventIds.TryParse(id, out var number) ? await services.GetRequiredService<IEventStore>().GetAsync(number, context.RequestAborted) : null;
        var shown = found is null ? [] : EventCalendar.InFeed([found], now).ToList();
        if (shown.Count == 0)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("No such upcoming event.\n", context.RequestAborted);
            return;
        }

        await WriteAsync(context, shown, shown[0].Title, now);
    }

    private static async Task WriteAsync(HttpContext context, IReadOnlyList<CommunityEvent> events, string name, DateTimeOffset now)
    {
        var publicUrl = context.RequestServices.GetRequiredService<IOptions<HttpOptions>>().Value.PublicUrl;
        var host = Uri.TryCreate(publicUrl, UriKind.Absolute, out var url) ? url.Host : "dpse-bot";
        context.Response.ContentType = EventCalendar.ContentType;
        await context.Response.WriteAsync(EventCalendar.Build(events, name, host, now), context.RequestAborted);
    }
}

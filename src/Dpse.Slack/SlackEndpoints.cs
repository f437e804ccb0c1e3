using Dpse.Slack.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dpse.Slack;

/// <summary>The Slack adapter's HTTP endpoint, mapped by the host when <c>Dpse:Slack:Mode</c> is Http.</summary>
public static class SlackEndpoints
{
    /// <summary>The path to use (after the public URL) as the slash command's and interactivity's Request URL.</summary>
    public const string EventsPath = "/slack/events";

    /// <summary>Maps <c>POST /slack/events</c> (signature-checked) for slash commands, block actions and view submissions.</summary>
    public static IEndpointConventionBuilder MapSlackEvents(this IEndpointRouteBuilder endpoints)
    {
        var events = endpoints.ServiceProvider.GetRequiredService<SlackHttpEvents>();
        return endpoints.MapPost(EventsPath, events.HandleAsync);
    }
}

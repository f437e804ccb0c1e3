using Dpse.Discord.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dpse.Discord;

/// <summary>The Discord adapter's HTTP endpoint, mapped by the host when <c>Dpse:Discord:Interactions</c> is Http.</summary>
public static class DiscordEndpoints
{
    /// <summary>The path to paste (after the public URL) as the Interactions Endpoint URL in the developer portal.</summary>
    public const string InteractionsPath = "/discord/interactions";

    /// <summary>Maps <c>POST /discord/interactions</c> (signature-checked; PING answered with PONG).</summary>
    public static IEndpointConventionBuilder MapDiscordInteractions(this IEndpointRouteBuilder endpoints)
    {
        var interactions = endpoints.ServiceProvider.GetRequiredService<DiscordHttpInteractions>();
        return endpoints.MapPost(InteractionsPath, interactions.HandleAsync);
    }
}

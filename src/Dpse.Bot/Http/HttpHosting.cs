using System.Net;
using Dpse.Bot.Calendar;
using Dpse.Core.Configuration;
using Dpse.Discord;
using Dpse.Slack;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dpse.Bot.Http;

/// <summary>
/// The bot's web endpoint inside the same host: Kestrel on <see cref="HttpOptions.Urls"/> when enabled (else a server
/// that listens nowhere), forwarded headers from known proxies, a 1 MB body limit, and errors answered without any
/// exception text. The host maps health, readiness and metrics; each adapter maps its own interaction endpoint.
/// </summary>
internal static class HttpHosting
{
    public static bool Enabled(IConfiguration configuration) => configuration.GetValue<bool>($"{HttpOptions.Section}:Enabled");

    public static void Configure(WebApplicationBuilder builder, bool listen)
    {
        var services = builder.Services;
        services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpOptions>>(new KeyedOptionsValidator<HttpOptions>(HttpOptions.Section));
        if (!listen)
        {
            services.RemoveAll<IServer>();
            services.AddSingleton<IServer, NoHttpServer>();
            return;
        }

        var options = builder.Configuration.GetSection(HttpOptions.Section).Get<HttpOptions>() ?? new HttpOptions();
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = HttpOptions.MaxRequestBodyBytes;
        });
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in options.KnownProxies)
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
            }
        });
        services.AddRouting();
        services.AddDpseMetrics();
    }

    public static void Map(WebApplication app)
    {
        app.UseForwardedHeaders();

        // Bugs are logged by the middleware; the caller learns only that it failed.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context =>
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                context.Response.ContentType = "application/json";
                return context.Response.WriteAsync("""{"error":"internal error"}""");
            },
        });
        app.MapDpseHealth();
        app.MapDpseMetrics();
        app.MapDpseCalendar();

        var configuration = app.Configuration;
        if (configuration.GetValue<bool>($"{DiscordOptions.Section}:Enabled")
            && configuration.GetValue<DiscordInteractionTransport>($"{DiscordOptions.Section}:Interactions") == DiscordInteractionTransport.Http)
        {
            app.MapDiscordInteractions();
        }

        if (configuration.GetValue<bool>($"{SlackOptions.Section}:Enabled")
            && configuration.GetValue<SlackTransport>($"{SlackOptions.Section}:Mode") == SlackTransport.Http)
        {
            app.MapSlackEvents();
        }
    }
}

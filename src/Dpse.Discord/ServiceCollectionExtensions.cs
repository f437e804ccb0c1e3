using Dpse.Core;
using Dpse.Core.Health;
using Dpse.Core.Identity;
using Dpse.Core.Instances;
using Dpse.Core.Sending;
using Dpse.Discord.Commands;
using Dpse.Discord.Gateway;
using Dpse.Discord.Http;
using Dpse.Discord.Interactions;
using Dpse.Discord.Rest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dpse.Discord;

/// <summary>Registers the Discord adapter.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="DiscordOptions"/> (section <c>Dpse:Discord</c>) always; when enabled, adds the
    /// gateway hosted service, the interaction handler and the Discord <see cref="IMessageSender"/>, and with
    /// <c>Interactions=Http</c> what <see cref="DiscordEndpoints.MapDiscordInteractions"/> needs.
    /// The host must register an <c>ICommandDispatcher</c> (and may register an <c>ICompletionSource</c>).
    /// </summary>
    public static IServiceCollection AddDpseDiscord(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DiscordOptions>().Bind(configuration.GetSection(DiscordOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>());

        var enabled = configuration.GetSection(DiscordOptions.Section).GetValue<bool>(nameof(DiscordOptions.Enabled));
        if (!enabled)
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AdapterStatusBoard>();
        services.AddDpseLocalInstances();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InstanceHeartbeat>());
        services.AddSingleton(new ExpectedAdapter(Platforms.Discord));

        // No factory logging: it writes every request URL at Information, and interaction callback URLs carry the
        // interaction token. The client logs what it needs itself, with route templates only.
        services.AddHttpClient(nameof(DiscordRestClient), http => http.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.AddSingleton<DiscordRestClient>(sp => ActivatorUtilities.CreateInstance<DiscordRestClient>(sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(DiscordRestClient))));
        services.TryAddSingleton<IRegistrationHashStore, FileRegistrationHashStore>();
        services.AddSingleton<CommandRegistrar>();
        services.AddSingleton<InteractionResponder>();
        services.AddTransient<InteractionHandler>();
        services.AddSingleton<DiscordMessageSender>();
        services.AddSingleton<IMessageSender>(sp => sp.GetRequiredService<DiscordMessageSender>());
        if (configuration.GetSection(DiscordOptions.Section).GetValue<DiscordInteractionTransport>(nameof(DiscordOptions.Interactions)) == DiscordInteractionTransport.Http)
        {
            services.AddSingleton<InteractionSignature>();
            services.AddSingleton<DiscordHttpInteractions>();
        }

        services.AddSingleton<DiscordGatewayService>();
        services.AddHostedService(sp => sp.GetRequiredService<DiscordGatewayService>());
        return services;
    }
}

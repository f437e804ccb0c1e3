using Dpse.Core;
using Dpse.Core.Duplicates;
using Dpse.Core.Health;
using Dpse.Core.Identity;
using Dpse.Core.Sending;
using Dpse.Slack.Http;
using Dpse.Slack.Interactions;
using Dpse.Slack.Sending;
using Dpse.Slack.SocketMode;
using Dpse.Slack.WebApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dpse.Slack;

/// <summary>Registers the Slack adapter.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="SlackOptions"/> (section <c>Dpse:Slack</c>) on start, always; when enabled,
    /// adds the Socket Mode hosted service and the Slack <see cref="IMessageSender"/>. The host must register the
    /// core's <c>ICommandDispatcher</c>, a <see cref="TimeProvider"/> (<c>TimeProvider.System</c> is used otherwise) and,
    /// to handle an envelope once across instances, the store's <see cref="IOnceKeys"/> (in memory otherwise).
    /// </summary>
    public static IServiceCollection AddDpseSlack(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>());
        if (!configuration.GetSection(SlackOptions.Section).GetValue<bool>(nameof(SlackOptions.Enabled)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SocketModeTiming>();
        services.TryAddSingleton<AdapterStatusBoard>();
        services.AddSingleton(new ExpectedAdapter(Platforms.Slack));
        services.AddDpseLocalInstances();
        services.TryAddSingleton<SlackRateGate>();
        // The store's once-claims when the host registered a store first (shared across instances on PostgreSQL);
        // in memory otherwise, which is enough for one process.
        services.TryAddSingleton<IOnceKeys, InMemoryOnceKeys>();
        // No factory logging: it writes every request URL at Information, and a response_url is a credential.
        // The client logs what it needs itself, by method name.
        // Each attempt's time limit is SlackApiClient.RequestTimeout on the injected TimeProvider, not the client's own.
        services.AddHttpClient(nameof(SlackApiClient), client => client.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.TryAddSingleton(sp => new SlackApiClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(SlackApiClient)),
            sp.GetRequiredService<IOptions<SlackOptions>>(),
            sp.GetRequiredService<SlackRateGate>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SlackApiClient>>(),
            sp.GetService<RateLimitMetrics>()));
        services.TryAddSingleton<SlackResponder>();
        services.TryAddSingleton<SlackInteractionHandler>();
        services.TryAddSingleton<SlackMessageSender>();
        services.AddSingleton<IMessageSender>(sp => sp.GetRequiredService<SlackMessageSender>());
        if (configuration.GetSection(SlackOptions.Section).GetValue<SlackTransport>(nameof(SlackOptions.Mode)) == SlackTransport.Http)
        {
            services.TryAddSingleton<SlackRequestSignature>();
            services.TryAddSingleton<SlackHttpEvents>();
        }

        services.TryAddSingleton<SlackSocketModeService>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackSocketModeService>());
        return services;
    }
}

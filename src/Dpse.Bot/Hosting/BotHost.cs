using Dpse.Bot.Cli;
using Dpse.Bot.Http;
using Dpse.Bot.Shell;
using Dpse.Core;
using Dpse.Core.Configuration;
using Dpse.Core.Instances;
using Dpse.Core.Scheduling;
using Dpse.Core.Sending;
using Dpse.Discord;
using Dpse.Slack;
using Dpse.Storage.LiteDb;
using Dpse.Storage.LiteDb.Deliveries;
using Dpse.Storage.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Dpse.Bot.Hosting;

/// <summary>
/// Builds the worker: configuration (appsettings.json beside the executable, environment <c>Dpse__…</c>, command line),
/// validated options, the store (LiteDB, or PostgreSQL when <c>Dpse:Storage:Provider</c> is <c>Postgres</c>), the command
/// core, the enabled adapters, and the shell adapter when no platform is enabled. It is a web application host so the
/// optional HTTP endpoint (<c>Dpse:Http</c>) lives in the same host, but nothing listens unless <c>Dpse:Http:Enabled</c>
/// is true. Tests build it with their own console, clock and settings.
/// </summary>
public static class BotHost
{
    /// <summary>Builds the host. <paramref name="runAdapters"/> false builds only the store and core (CLI verbs).</summary>
    public static IHost Build(string[] args, ShellConsole console, bool runAdapters, Action<IServiceCollection>? overrides = null, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        // appsettings.json ships beside the executable; the working directory is where the data folder goes.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
            Optional = true,
            ReloadOnChange = false,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var shellMode = runAdapters && !AnyPlatformEnabled(builder.Configuration);
        ConfigureLogging(builder, quiet: shellMode || !runAdapters);
        var serveHttp = runAdapters && HttpHosting.Enabled(builder.Configuration);
        HttpHosting.Configure(builder, listen: serveHttp);

        var services = builder.Services;
        services.AddSingleton<HostExit>();
        services.AddOptions<ExchangeOptions>().BindConfiguration(ExchangeOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExchangeOptions>>(new KeyedOptionsValidator<ExchangeOptions>(ExchangeOptions.Section));
        services.AddOptions<ShellOptions>().BindConfiguration(ShellOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ShellOptions>>(new KeyedOptionsValidator<ShellOptions>(ShellOptions.Section));
        services.AddOptions<InstanceOptions>().BindConfiguration(InstanceOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InstanceOptions>>(new KeyedOptionsValidator<InstanceOptions>(InstanceOptions.Section));
        services.AddSingleton(console);
        services.AddSingleton<ShellIdentity>();
        var postgres = UsesPostgres(builder.Configuration);
        if (postgres)
        {
            services.AddDpsePostgresStore(builder.Configuration);
        }
        else
        {
            services.AddDpseLiteDbStore(builder.Configuration);
            services.AddDpseLiteDbDeliveries();
        }

        services.AddDpseCore();
        services.AddDpseScheduling();
        services.AddSingleton(sp => new ExportFolder(postgres
            ? Path.GetFullPath(Path.Combine("data", "exports"))
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(sp.GetRequiredService<IOptions<LiteDbOptions>>().Value.Path)) ?? ".", "exports")));
        services.AddSingleton<SampleStories>();
        services.AddSingleton<IMessageSender, ShellMessageSender>();
        if (runAdapters)
        {
            // Each registers its options (validated at start) and, when enabled, its hosted service and sender.
            services.AddDpseDiscord(builder.Configuration);
            services.AddDpseSlack(builder.Configuration);
            if (!shellMode)
            {
                services.AddHostedService<DeafWatch>();

                // Shared budgets (Discord's global REST limit, Slack's workspace pace) divide by the live instances.
                services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InstanceHeartbeat>());
            }
        }

        if (runAdapters && shellMode)
        {
            services.AddHostedService<ShellAdapter>();
        }

        overrides?.Invoke(services);
        var app = builder.Build();
        if (serveHttp)
        {
            HttpHosting.Map(app);
        }

        return app;
    }

    /// <summary>The configuration key that picks the store.</summary>
    public const string StorageProviderKey = "Dpse:Storage:Provider";

    /// <summary>Whether <c>Dpse:Storage:Provider</c> picks PostgreSQL (<c>Postgres</c>) rather than the default LiteDB file (<c>LiteDb</c>).</summary>
    public static bool UsesPostgres(IConfiguration configuration)
    {
        var provider = configuration[StorageProviderKey];
        if (string.IsNullOrWhiteSpace(provider) || provider.Trim().Equals("LiteDb", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (provider.Trim().Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // The message names the key; BotProgram reports it as a configuration error.
        throw new OptionsValidationException(
            StorageProviderKey,
            typeof(string),
            [$"{StorageProviderKey} '{provider}' is not a store this bot has: use LiteDb (the default) or Postgres (environment variable Dpse__Storage__Provider)."]);
    }

    /// <summary>Whether configuration enables Discord or Slack (then the shell stays off).</summary>
    public static bool AnyPlatformEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool>("Dpse:Discord:Enabled") || configuration.GetValue<bool>("Dpse:Slack:Enabled");

    private static void ConfigureLogging(WebApplicationBuilder builder, bool quiet)
    {
        // Logs go to standard error so standard output carries only replies and exports.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        // Any HttpClient added later logs full request URLs at Information (tokens in callback URLs): keep it to warnings.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        if (quiet)
        {
            // In a terminal only problems are worth interrupting the prompt for.
            builder.Logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
        }
    }
}

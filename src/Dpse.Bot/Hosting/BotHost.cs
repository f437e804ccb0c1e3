using Dpse.Bot.Cli;
using Dpse.Bot.Http;
using Dpse.Bot.Shell;
using Dpse.Core;
using Dpse.Core.Configuration;
using Dpse.Core.Scheduling;
using Dpse.Core.Sending;
using Dpse.Discord;
using Dpse.Slack;
using Dpse.Storage.LiteDb;
using Dpse.Storage.LiteDb.Deliveries;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Dpse.Bot.Hosting;

/// <summary>
/// Builds the worker: configuration (appsettings.json beside the executable, environment <c>Dpse__…</c>, command line),
/// validated options, the LiteDB store, the command core, the enabled adapters, and the shell adapter when no
/// platform is enabled. It is a web application host so the optional HTTP endpoint (<c>Dpse:Http</c>) lives in the same
/// host, but nothing listens unless <c>Dpse:Http:Enabled</c> is true. Tests build it with their own console, clock and settings.
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
        services.AddSingleton(console);
        services.AddSingleton<ShellIdentity>();
        services.AddDpseLiteDbStore(builder.Configuration);
        services.AddDpseLiteDbDeliveries();
        services.AddDpseCore();
        services.AddDpseScheduling();
        services.AddSingleton(sp => new ExportFolder(Path.Combine(
            Path.GetDirectoryName(Path.GetFullPath(sp.GetRequiredService<IOptions<LiteDbOptions>>().Value.Path)) ?? ".", "exports")));
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

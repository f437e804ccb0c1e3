using System.Globalization;
using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Deliveries;
using Dpse.Core.Duplicates;
using Dpse.Core.Events;
using Dpse.Core.Instances;
using Dpse.Core.Members;
using Dpse.Core.Scheduling;
using Dpse.Core.Stories;
using Dpse.Storage.Postgres.Audit;
using Dpse.Storage.Postgres.Channels;
using Dpse.Storage.Postgres.Deliveries;
using Dpse.Storage.Postgres.Duplicates;
using Dpse.Storage.Postgres.Events;
using Dpse.Storage.Postgres.Instances;
using Dpse.Storage.Postgres.Members;
using Dpse.Storage.Postgres.Scheduling;
using Dpse.Storage.Postgres.Stories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dpse.Storage.Postgres;

/// <summary>Registers the PostgreSQL store behind every store port of Dpse.Core, the outbox included.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="PostgresOptions"/> (section <c>Dpse:Storage:Postgres</c>) at start, registers one
    /// <see cref="PostgresDatabase"/> and every store port as singletons, and waits for the server and migrates the
    /// schema when the host starts. The <see cref="IScheduleSignal"/> it registers also tells the other instances'
    /// schedulers (NOTIFY on <see cref="PostgresScheduleSignal.Channel"/>) and listens for theirs.
    /// </summary>
    public static IServiceCollection AddDpsePostgresStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<PostgresOptions>()
            .Configure(options =>
            {
                var section = configuration.GetSection(PostgresOptions.Section);
                options.ConnectionString = section[nameof(PostgresOptions.ConnectionString)];
                if (section[nameof(PostgresOptions.StartupTimeout)] is { } timeout)
                {
                    options.StartupTimeout = TimeSpan.TryParse(timeout, CultureInfo.InvariantCulture, out var parsed)
                        ? parsed
                        : throw new OptionsValidationException(
                            nameof(PostgresOptions),
                            typeof(PostgresOptions),
                            [$"{PostgresOptions.Section}:StartupTimeout '{timeout}' is not a time span such as 00:00:30."]);
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PostgresOptions>>().Value;
            return new PostgresDatabase(
                options.ConnectionString!,
                options.StartupTimeout,
                sp.GetService<TimeProvider>(),
                sp.GetService<ILogger<PostgresDatabase>>());
        });
        services.AddSingleton<IStoryStore, PostgresStoryStore>();
        services.AddSingleton<IEventStore, PostgresEventStore>();
        services.AddSingleton<IChannelSettingsStore, PostgresChannelSettingsStore>();
        services.AddSingleton<IMemberSettingsStore, PostgresMemberSettingsStore>();
        services.AddSingleton<IAuditLog, PostgresAuditLog>();
        services.AddSingleton<IDeliveryStore, PostgresDeliveryStore>();
        services.AddSingleton<IOnceKeys, PostgresOnceKeys>();

        // Several instances share this database: membership, shard holds, identify turns and cluster locks live here too.
        services.AddOptions<InstanceOptions>();
        services.AddSingleton<IInstanceMembership, PostgresInstanceMembership>();
        services.AddSingleton<IShardOwnership>(sp => new PostgresShardOwnership(
            sp.GetRequiredService<PostgresDatabase>(),
            sp.GetRequiredService<IOptions<InstanceOptions>>().Value,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILogger<PostgresShardOwnership>>()));
        services.AddSingleton<IIdentifyTurns>(sp => new PostgresIdentifyTurns(sp.GetRequiredService<PostgresDatabase>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IClusterLock, PostgresClusterLock>();
        services.AddSingleton<IRegistrationHashStore>(sp => new PostgresRegistrationHashStore(sp.GetRequiredService<PostgresDatabase>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddHostedService<PostgresStarter>();

        // Instances wake each other's schedulers: the in-process signal, published and listened for with NOTIFY/LISTEN.
        services.TryAddSingleton<ScheduleSignal>();
        services.AddSingleton(sp => new PostgresScheduleSignal(
            sp.GetRequiredService<PostgresDatabase>(),
            sp.GetRequiredService<ScheduleSignal>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<PostgresScheduleSignal>>()));
        services.AddSingleton<IScheduleSignal>(sp => sp.GetRequiredService<PostgresScheduleSignal>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresScheduleSignal>());
        return services;
    }
}

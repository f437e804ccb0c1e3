using System.Diagnostics.Metrics;
using Dpse.Core.Channels;
using Dpse.Core.Commands;
using Dpse.Core.Deliveries;
using Dpse.Core.Digests;
using Dpse.Core.Events;
using Dpse.Core.Health;
using Dpse.Core.Help;
using Dpse.Core.Instances;
using Dpse.Core.Moderation;
using Dpse.Core.Privacy;
using Dpse.Core.Reminders;
using Dpse.Core.Scheduling;
using Dpse.Core.Sending;
using Dpse.Core.Stories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dpse.Core;

/// <summary>Registers the command core: handlers, router, completions and the clock.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the command core. The stores (<see cref="IStoryStore"/> and the other ports) come from a storage provider;
    /// <see cref="ExchangeOptions"/> must be configured by the host (bound and validated there).
    /// </summary>
    public static IServiceCollection AddDpseCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new CommandMetrics(sp.GetRequiredService<TimeProvider>(), sp.GetService<IMeterFactory>()));
        services.TryAddSingleton(sp => new DeliveryMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton(sp => new AdapterMetrics(sp.GetService<AdapterStatusBoard>(), sp.GetService<IMeterFactory>()));
        services.TryAddSingleton(sp => new RateLimitMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<DigestComposer>();
        services.TryAddSingleton<ScheduleSignal>();
        services.TryAddSingleton<IScheduleSignal>(sp => sp.GetRequiredService<ScheduleSignal>());
        services.TryAddSingleton<IEventChanges, EventChangeNotices>();
        services.AddSingleton<StoryCommands>();
        services.AddSingleton<EventCommands>();
        services.AddSingleton<ChannelCommands>();
        services.AddSingleton<ModerationCommands>();
        services.AddSingleton<PrivacyCommands>();
        services.AddSingleton<HelpCommand>();
        services.AddSingleton<IEnumerable<ICommandHandler>>(sp =>
        [
            .. sp.GetRequiredService<HelpCommand>().Handlers(),
            .. sp.GetRequiredService<StoryCommands>().Handlers(),
            .. sp.GetRequiredService<EventCommands>().Handlers(),
            .. sp.GetRequiredService<ChannelCommands>().Handlers(),
            .. sp.GetRequiredService<ModerationCommands>().Handlers(),
            .. sp.GetRequiredService<PrivacyCommands>().Handlers(),
        ]);
        services.AddSingleton<CommandRouter>();
        services.AddSingleton<ICommandDispatcher>(sp => sp.GetRequiredService<CommandRouter>());
        services.AddSingleton<ICompletionSource, CompletionSource>();
        services.AddDpseLocalInstances();
        return services;
    }

    /// <summary>
    /// The instance ports for a store that serves one process (LiteDB, tests): this instance is the only one and holds
    /// every shard. A shared store registers its own ports before this runs; these are added only where none is.
    /// Also adds <see cref="InstancePresence"/>; an adapter that shares work out adds the <see cref="InstanceHeartbeat"/>
    /// that keeps it current (CLI verbs do not beat).
    /// </summary>
    public static IServiceCollection AddDpseLocalInstances(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<InstanceOptions>();
        services.TryAddSingleton(sp => new LocalCluster(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IInstanceMembership, LocalInstanceMembership>();
        services.TryAddSingleton<IShardOwnership, LocalShardOwnership>();
        services.TryAddSingleton<IIdentifyTurns, LocalIdentifyTurns>();
        services.TryAddSingleton<IClusterLock, LocalClusterLock>();
        services.TryAddSingleton<InstancePresence>();
        return services;
    }
}

using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Configuration;
using Dpse.Core.Duplicates;
using Dpse.Core.Events;
using Dpse.Core.Members;
using Dpse.Core.Stories;
using Dpse.Storage.LiteDb.Audit;
using Dpse.Storage.LiteDb.Channels;
using Dpse.Storage.LiteDb.Duplicates;
using Dpse.Storage.LiteDb.Events;
using Dpse.Storage.LiteDb.Members;
using Dpse.Storage.LiteDb.Stories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dpse.Storage.LiteDb;

/// <summary>Registers the LiteDB store behind every store port of Dpse.Core.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="LiteDbOptions"/> (section <c>Dpse:Storage:LiteDb</c>) at start, registers one
    /// <see cref="LiteDbDatabase"/> and every store port as singletons, and opens the file when the host starts, so a
    /// bad path or a file held by another process stops start-up with a message naming it. The container disposes the
    /// database at shutdown, which checkpoints the log into the data file.
    /// </summary>
    public static IServiceCollection AddDpseLiteDbStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<LiteDbOptions>()
            .Configure(options =>
            {
                // One key: read it directly rather than pull in the configuration binder.
                if (configuration.GetSection(LiteDbOptions.Section)[nameof(LiteDbOptions.Path)] is { } path)
                {
                    options.Path = path;
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LiteDbOptions>>(new KeyedOptionsValidator<LiteDbOptions>(LiteDbOptions.Section));

        services.AddSingleton(sp => new LiteDbDatabase(sp.GetRequiredService<IOptions<LiteDbOptions>>()));
        services.AddSingleton<LiteDbStoryStore>();
        services.AddSingleton<LiteDbEventStore>();
        services.AddSingleton<LiteDbChannelSettingsStore>();
        services.AddSingleton<LiteDbMemberSettingsStore>();
        services.AddSingleton<LiteDbAuditLog>();
        services.AddSingleton<IStoryStore>(sp => sp.GetRequiredService<LiteDbStoryStore>());
        services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<LiteDbEventStore>());
        services.AddSingleton<IChannelSettingsStore>(sp => sp.GetRequiredService<LiteDbChannelSettingsStore>());
        services.AddSingleton<IMemberSettingsStore>(sp => sp.GetRequiredService<LiteDbMemberSettingsStore>());
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<LiteDbAuditLog>());
        services.AddSingleton<LiteDbOnceKeys>();
        services.AddSingleton<IOnceKeys>(sp => sp.GetRequiredService<LiteDbOnceKeys>());
        services.AddHostedService<LiteDbOpener>();
        return services;
    }
}

using Dpse.Core.Deliveries;
using Dpse.Core.Digests;
using Dpse.Core.Reminders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Dpse.Core.Scheduling;

/// <summary>Registers digests, reminders and the delivery scheduler.</summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the digest composer, the reminder planner, the schedule signal and event-change port, the outbox sender and
    /// the scheduler's hosted service. Needs the store ports (including <see cref="IDeliveryStore"/>), every platform's
    /// <see cref="Sending.IMessageSender"/>, <see cref="ExchangeOptions"/> and a <see cref="TimeProvider"/> (the system
    /// clock unless one is registered).
    /// </summary>
    public static IServiceCollection AddDpseScheduling(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(DeliveryScheduler)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ExchangeOptions>();
        services.TryAddSingleton<ScheduleSignal>();
        services.TryAddSingleton<IScheduleSignal>(sp => sp.GetRequiredService<ScheduleSignal>());
        services.TryAddSingleton<SchedulerState>();
        services.TryAddSingleton<DigestComposer>();
        services.TryAddSingleton<ReminderPlanner>();
        services.TryAddSingleton<IEventChanges, EventChangeNotices>();
        services.TryAddSingleton<OutboxSender>();
        services.AddSingleton<DeliveryScheduler>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<DeliveryScheduler>());
        return services;
    }
}

using Dpse.Core.Reminders;
using Dpse.Core.Scheduling;
using Dpse.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dpse.Core.Tests.Scheduling;

public sealed class SchedulingServiceCollectionExtensionsTests
{
    [Fact]
    public void AddDpseScheduling_Twice_RegistersOneSchedulerSharingTheHandlersSignal()
    {
        using var exchange = TestExchange.Create(configure: services => services.AddDpseScheduling().AddDpseScheduling());
        var services = exchange.Services;

        var hosted = Assert.Single(services.GetServices<IHostedService>());
        Assert.Same(services.GetRequiredService<DeliveryScheduler>(), hosted);
        Assert.Same(services.GetRequiredService<ScheduleSignal>(), services.GetRequiredService<IScheduleSignal>());
        Assert.IsType<EventChangeNotices>(services.GetRequiredService<IEventChanges>());
    }
}

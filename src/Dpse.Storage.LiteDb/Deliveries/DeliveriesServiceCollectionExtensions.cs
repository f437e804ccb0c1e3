using Dpse.Core.Deliveries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dpse.Storage.LiteDb.Deliveries;

/// <summary>Registers the outbox on the LiteDB file.</summary>
public static class DeliveriesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="LiteDbDeliveryStore"/> as <see cref="IDeliveryStore"/>, on the <see cref="LiteDbDatabase"/>
    /// that <c>AddDpseLiteDbStore</c> registers (call that too).
    /// </summary>
    public static IServiceCollection AddDpseLiteDbDeliveries(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<LiteDbDeliveryStore>();
        services.TryAddSingleton<IDeliveryStore>(sp => sp.GetRequiredService<LiteDbDeliveryStore>());
        return services;
    }
}

using Dpse.Core.Deliveries;
using Dpse.Testing.Scheduling;

namespace Dpse.Core.Tests.Deliveries;

/// <summary>The in-memory outbox the scheduler tests use keeps the same contract as the real stores.</summary>
public sealed class InMemoryDeliveryStoreTests : DeliveryStoreContract
{
    protected override ValueTask<(IDeliveryStore Store, IAsyncDisposable Owner)> CreateAsync() =>
        ValueTask.FromResult<(IDeliveryStore, IAsyncDisposable)>((new InMemoryDeliveryStore(), new Nothing()));

    private sealed class Nothing : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

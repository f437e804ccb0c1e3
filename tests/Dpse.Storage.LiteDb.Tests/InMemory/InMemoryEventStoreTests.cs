using Dpse.Testing.Contracts;

namespace Dpse.Storage.LiteDb.Tests.InMemory;

public sealed class InMemoryEventStoreTests : EventStoreContract
{
    protected override ValueTask<ContractStores> CreateStoresAsync() => ValueTask.FromResult(InMemoryContractStores.Create());
}

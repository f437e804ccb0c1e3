using Dpse.Testing.Contracts;

namespace Dpse.Core.Tests.InMemoryStores;

public sealed class InMemoryEventStoreTests : EventStoreContract
{
    protected override ValueTask<ContractStores> CreateStoresAsync() => ValueTask.FromResult(InMemoryContractStores.Create());
}

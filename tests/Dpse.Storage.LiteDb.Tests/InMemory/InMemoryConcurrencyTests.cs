using Dpse.Testing.Contracts;

namespace Dpse.Storage.LiteDb.Tests.InMemory;

public sealed class InMemoryConcurrencyTests : ConcurrencyContract
{
    protected override ValueTask<ContractStores> CreateStoresAsync() => ValueTask.FromResult(InMemoryContractStores.Create(yieldEveryCall: true));
}

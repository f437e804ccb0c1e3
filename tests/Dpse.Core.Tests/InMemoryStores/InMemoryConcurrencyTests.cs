using Dpse.Testing.Contracts;

namespace Dpse.Core.Tests.InMemoryStores;

public sealed class InMemoryConcurrencyTests : ConcurrencyContract
{
    protected override ValueTask<ContractStores> CreateStoresAsync() => ValueTask.FromResult(InMemoryContractStores.Create(yieldEveryCall: true));
}

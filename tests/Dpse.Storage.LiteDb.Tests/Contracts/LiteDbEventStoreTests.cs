using Dpse.Testing.Contracts;

namespace Dpse.Storage.LiteDb.Tests.Contracts;

public sealed class LiteDbEventStoreTests : EventStoreContract
{
    protected override ValueTask<ContractStores> CreateStoresAsync() => LiteDbContractStores.CreateAsync();
}

using Dpse.Testing.Contracts;

namespace Dpse.Storage.LiteDb.Tests.InMemory;

public sealed class InMemoryMemberSettingsStoreTests : MemberSettingsStoreContract
{
    protected override ValueTask<ContractStores> CreateStoresAsync() => ValueTask.FromResult(InMemoryContractStores.Create());
}

using Dpse.Testing.Contracts;

namespace Dpse.Core.Tests.InMemoryStores;

public sealed class InMemoryChannelSettingsStoreTests : ChannelSettingsStoreContract
{
    protected override ValueTask<ContractStores> CreateStoresAsync() => ValueTask.FromResult(InMemoryContractStores.Create());
}

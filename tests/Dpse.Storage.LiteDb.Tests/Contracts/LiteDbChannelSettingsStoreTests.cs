using Dpse.Testing.Contracts;

namespace Dpse.Storage.LiteDb.Tests.Contracts;

public sealed class LiteDbChannelSettingsStoreTests : ChannelSettingsStoreContract
{
    protected override ValueTask<ContractStores> CreateStoresAsync() => LiteDbContractStores.CreateAsync();
}

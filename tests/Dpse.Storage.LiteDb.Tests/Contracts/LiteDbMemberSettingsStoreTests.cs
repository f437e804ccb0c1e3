using Dpse.Testing.Contracts;

namespace Dpse.Storage.LiteDb.Tests.Contracts;

public sealed class LiteDbMemberSettingsStoreTests : MemberSettingsStoreContract
{
    protected override ValueTask<ContractStores> CreateStoresAsync() => LiteDbContractStores.CreateAsync();
}

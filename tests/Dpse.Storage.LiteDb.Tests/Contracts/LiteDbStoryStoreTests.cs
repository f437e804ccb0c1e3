using Dpse.Testing.Contracts;

namespace Dpse.Storage.LiteDb.Tests.Contracts;

public sealed class LiteDbStoryStoreTests : StoryStoreContract
{
    protected override ValueTask<ContractStores> CreateStoresAsync() => LiteDbContractStores.CreateAsync();
}

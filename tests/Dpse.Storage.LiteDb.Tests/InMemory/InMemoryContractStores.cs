using Dpse.Testing.Contracts;
using Dpse.Testing.InMemory;

namespace Dpse.Storage.LiteDb.Tests.InMemory;

/// <summary>The in-memory stores as the contracts take them, so the fakes other tests rely on obey the same rules.</summary>
internal static class InMemoryContractStores
{
    public static ContractStores Create()
    {
        var stores = new InMemoryExchangeStores();
        return new ContractStores(stores.Stories, stores.Events, stores.ChannelSettings, stores.MemberSettings, stores.Audit);
    }
}

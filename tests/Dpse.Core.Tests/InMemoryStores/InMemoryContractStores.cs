using Dpse.Testing.Contracts;
using Dpse.Testing.InMemory;

namespace Dpse.Core.Tests.InMemoryStores;

/// <summary>The in-memory stores as the contracts take them, so the fakes other tests rely on obey the same rules.</summary>
internal static class InMemoryContractStores
{
    /// <summary>Fresh stores; <paramref name="yieldEveryCall"/> makes them yield like a real store so racing calls interleave.</summary>
    public static ContractStores Create(bool yieldEveryCall = false)
    {
        var stores = new InMemoryExchangeStores { YieldEveryCall = yieldEveryCall };
        return new ContractStores(stores.Stories, stores.Events, stores.ChannelSettings, stores.MemberSettings, stores.Audit);
    }
}

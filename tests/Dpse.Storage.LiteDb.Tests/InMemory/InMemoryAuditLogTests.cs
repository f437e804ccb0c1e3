using Dpse.Testing.Contracts;

namespace Dpse.Storage.LiteDb.Tests.InMemory;

public sealed class InMemoryAuditLogTests : AuditLogContract
{
    protected override ValueTask<ContractStores> CreateStoresAsync() => ValueTask.FromResult(InMemoryContractStores.Create());
}

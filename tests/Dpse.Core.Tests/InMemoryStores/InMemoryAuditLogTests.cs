using Dpse.Testing.Contracts;

namespace Dpse.Core.Tests.InMemoryStores;

public sealed class InMemoryAuditLogTests : AuditLogContract
{
    protected override ValueTask<ContractStores> CreateStoresAsync() => ValueTask.FromResult(InMemoryContractStores.Create());
}

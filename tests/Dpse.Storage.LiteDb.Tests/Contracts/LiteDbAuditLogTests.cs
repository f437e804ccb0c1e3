using Dpse.Testing.Contracts;

namespace Dpse.Storage.LiteDb.Tests.Contracts;

public sealed class LiteDbAuditLogTests : AuditLogContract
{
    protected override ValueTask<ContractStores> CreateStoresAsync() => LiteDbContractStores.CreateAsync();
}

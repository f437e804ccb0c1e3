using Dpse.Testing.Contracts;

namespace Dpse.Storage.Postgres.Tests.Contracts;

public sealed class PostgresAuditLogTests(PostgresTestDatabase database) : AuditLogContract, IClassFixture<PostgresTestDatabase>
{
    protected override ValueTask<ContractStores> CreateStoresAsync() => PostgresContractStores.CreateAsync(database);
}

using Dpse.Testing.Contracts;

namespace Dpse.Storage.Postgres.Tests.Contracts;

public sealed class PostgresEventStoreTests(PostgresTestDatabase database) : EventStoreContract, IClassFixture<PostgresTestDatabase>
{
    protected override ValueTask<ContractStores> CreateStoresAsync() => PostgresContractStores.CreateAsync(database);
}

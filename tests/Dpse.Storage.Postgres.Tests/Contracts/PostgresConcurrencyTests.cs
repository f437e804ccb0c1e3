using Dpse.Testing.Contracts;

namespace Dpse.Storage.Postgres.Tests.Contracts;

public sealed class PostgresConcurrencyTests(PostgresTestDatabase database) : ConcurrencyContract, IClassFixture<PostgresTestDatabase>
{
    protected override ValueTask<ContractStores> CreateStoresAsync() => PostgresContractStores.CreateAsync(database);
}

using Dpse.Testing.Contracts;

namespace Dpse.Storage.Postgres.Tests.Contracts;

public sealed class PostgresMemberSettingsStoreTests(PostgresTestDatabase database) : MemberSettingsStoreContract, IClassFixture<PostgresTestDatabase>
{
    protected override ValueTask<ContractStores> CreateStoresAsync() => PostgresContractStores.CreateAsync(database);
}

using Dpse.Testing.Contracts;

namespace Dpse.Storage.Postgres.Tests.Contracts;

public sealed class PostgresChannelSettingsStoreTests(PostgresTestDatabase database) : ChannelSettingsStoreContract, IClassFixture<PostgresTestDatabase>
{
    protected override ValueTask<ContractStores> CreateStoresAsync() => PostgresContractStores.CreateAsync(database);
}

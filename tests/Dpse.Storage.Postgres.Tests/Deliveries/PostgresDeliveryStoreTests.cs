using Dpse.Core.Deliveries;
using Dpse.Storage.Postgres.Deliveries;
using Dpse.Testing.Scheduling;

namespace Dpse.Storage.Postgres.Tests.Deliveries;

/// <summary>The outbox contract on PostgreSQL.</summary>
public sealed class PostgresDeliveryStoreTests(PostgresTestDatabase testDatabase) : DeliveryStoreContract, IClassFixture<PostgresTestDatabase>
{
    protected override async ValueTask<(IDeliveryStore Store, IAsyncDisposable Owner)> CreateAsync()
    {
        var database = await testDatabase.EmptyAsync();
        return (new PostgresDeliveryStore(database), database);
    }
}

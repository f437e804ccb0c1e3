using Dpse.Storage.Postgres.Audit;
using Dpse.Storage.Postgres.Channels;
using Dpse.Storage.Postgres.Events;
using Dpse.Storage.Postgres.Members;
using Dpse.Storage.Postgres.Stories;
using Dpse.Testing.Contracts;

namespace Dpse.Storage.Postgres.Tests.Contracts;

/// <summary>The PostgreSQL stores over the class's test database, emptied first; disposing closes the pool.</summary>
internal static class PostgresContractStores
{
    public static async ValueTask<ContractStores> CreateAsync(PostgresTestDatabase testDatabase)
    {
        var database = await testDatabase.EmptyAsync();
        return new ContractStores(
            new PostgresStoryStore(database),
            new PostgresEventStore(database),
            new PostgresChannelSettingsStore(database),
            new PostgresMemberSettingsStore(database),
            new PostgresAuditLog(database),
            database.DisposeAsync);
    }
}

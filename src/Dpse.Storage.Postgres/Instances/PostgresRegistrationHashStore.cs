using Dpse.Core.Instances;

namespace Dpse.Storage.Postgres.Instances;

/// <summary>The hash of the command definition last registered per scope, in <c>command_registrations</c>, shared by every instance.</summary>
internal sealed class PostgresRegistrationHashStore(PostgresDatabase database, TimeProvider timeProvider) : IRegistrationHashStore
{
    public Task<string?> GetAsync(string scope, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async connection =>
            {
                await using var read = Sql.Command(connection, "SELECT hash FROM command_registrations WHERE scope = @scope").With("scope", scope);
                return (await read.ListAsync(r => r.GetString(0), cancellationToken)).FirstOrDefault();
            },
            cancellationToken);

    public Task SetAsync(string scope, string hash, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                await using var write = Sql.Command(
                        connection,
                        """
                        INSERT INTO command_registrations (scope, hash, registered_at) VALUES (@scope, @hash, @now)
                        ON CONFLICT (scope) DO UPDATE SET hash = EXCLUDED.hash, registered_at = EXCLUDED.registered_at
                        """,
                        transaction)
                    .With("scope", scope)
                    .With("hash", hash)
                    .With("now", timeProvider.GetUtcNow());
                return await write.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
}

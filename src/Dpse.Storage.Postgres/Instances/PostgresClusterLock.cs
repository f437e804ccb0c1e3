using Dpse.Core.Instances;
using Npgsql;

namespace Dpse.Storage.Postgres.Instances;

/// <summary>
/// Named cluster locks as session advisory locks (<c>pg_advisory_lock(namespace, hashtext(name))</c>), each on its own
/// connection outside the pool, released when that connection closes (on dispose, or when the instance dies).
/// </summary>
internal sealed class PostgresClusterLock(PostgresDatabase database) : IClusterLock
{
    /// <summary>The first key of every named lock ("DLCK").</summary>
    public const int LockNamespace = 0x444C_434B;

    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        await database.EnsureReadyAsync(cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString;
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = Sql.Command(connection, "SELECT pg_advisory_lock(@space, hashtext(@name))").With("space", LockNamespace).With("name", name);
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

using Npgsql;

namespace Dpse.Storage.Postgres;

/// <summary>
/// The exchange's PostgreSQL database: one pooled data source shared by every store of the process. Writes run in a
/// transaction that locks the rows it changes (<c>SELECT … FOR UPDATE</c>), so a read-modify-write inside one is
/// atomic against every other instance; a deadlock or serialization failure is retried a few times.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    private const int Attempts = 5;

    /// <summary>Opens a pool on <paramref name="connectionString"/> (nothing connects until first use).</summary>
    public PostgresDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The pool.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Runs <paramref name="work"/> in a read-committed transaction and commits it; retries on deadlock or serialization failure.</summary>
    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                var result = await work(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (PostgresException exception) when (attempt < Attempts && exception.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> on one pooled connection, outside any explicit transaction.</summary>
    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await work(connection);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => DataSource.Dispose();
}

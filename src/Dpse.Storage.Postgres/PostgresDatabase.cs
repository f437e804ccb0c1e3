using Dpse.Storage.Postgres.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Dpse.Storage.Postgres;

/// <summary>
/// The exchange's PostgreSQL database: one pooled data source shared by every store of the process. Writes run in a
/// transaction that locks the rows it changes (<c>SELECT … FOR UPDATE</c>), so a read-modify-write inside one is
/// atomic against every other instance; a deadlock or serialization failure is retried a few times. Before its first
/// use the database waits for the server (retrying with backoff up to the start-up timeout) and applies the schema
/// migrations, once per process, so a CLI verb works on a new database as the bot does.
/// </summary>
public sealed partial class PostgresDatabase : IAsyncDisposable, IDisposable
{
    private const int Attempts = 5;
    private readonly Lazy<Task> _ready;
    private readonly TimeSpan _startupTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Opens a pool on <paramref name="connectionString"/> (nothing connects until first use).</summary>
    public PostgresDatabase(string connectionString, TimeSpan? startupTimeout = null, TimeProvider? time = null, ILogger<PostgresDatabase>? logger = null)
    {
        if (PostgresConnection.Problem(connectionString) is { } problem)
        {
            throw new ArgumentException(problem, nameof(connectionString));
        }

        DataSource = NpgsqlDataSource.Create(connectionString);
        ConnectionString = connectionString;
        _startupTimeout = startupTimeout ?? TimeSpan.FromSeconds(30);
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<PostgresDatabase>.Instance;
        _ready = new Lazy<Task>(() => WaitAndMigrateAsync(CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// The connection string as given (the pool's own copy drops the password), for the few connections that must live
    /// outside the pool: session advisory locks that end with their connection.
    /// </summary>
    internal string ConnectionString { get; }

    /// <summary>The pool.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Runs <paramref name="work"/> in a read-committed transaction and commits it; retries on deadlock or serialization failure.</summary>
    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await EnsureReadyAsync(cancellationToken);
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
        await EnsureReadyAsync(cancellationToken);
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await work(connection);
    }

    /// <summary>
    /// Waits for the server and migrates the schema (once; later calls return at once). Throws
    /// <see cref="PostgresUnavailableException"/>, naming the configuration key, when the server stays unreachable for
    /// the start-up timeout or refuses the connection for a reason waiting cannot fix (password, missing database).
    /// </summary>
    public Task EnsureReadyAsync(CancellationToken cancellationToken) => _ready.Value.WaitAsync(cancellationToken);

    private async Task WaitAndMigrateAsync(CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _startupTimeout;
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var applied = await Migrator.MigrateAsync(DataSource, cancellationToken);
                if (applied.Count > 0)
                {
                    LogMigrated(_logger, applied, Migrator.LatestVersion); // a list is logged as "1, 2, 3"
                }

                return;
            }
            catch (Exception exception) when (IsTransient(exception))
            {
                var left = deadline - _time.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    throw new PostgresUnavailableException(
                        $"The PostgreSQL server named by {PostgresOptions.ConnectionStringKey} could not be reached within {_startupTimeout.TotalSeconds:0.#} s " +
                        $"({attempt} attempts; last error: {Describe(exception)}).",
                        exception);
                }

                LogWaiting(_logger, attempt, Describe(exception));
                await Task.Delay(delay < left ? delay : left, _time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
            catch (PostgresException exception)
            {
                throw new PostgresUnavailableException(
                    $"The PostgreSQL server named by {PostgresOptions.ConnectionStringKey} refused the connection: {Describe(exception)}.",
                    exception);
            }
        }
    }

    /// <summary>Errors that waiting can fix: the server is down, starting, restarting or full.</summary>
    private static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException p => p.SqlState is PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections
            or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown,
        NpgsqlException n => n.IsTransient || n.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException,
        System.Net.Sockets.SocketException or TimeoutException => true,
        _ => false,
    };

    // Npgsql's messages name host and port, never the password.
    private static string Describe(Exception exception) => exception is PostgresException p ? $"{p.SqlState} {p.MessageText}" : exception.Message;

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL not reachable yet (attempt {Attempt}): {Problem}; retrying")]
    private static partial void LogWaiting(ILogger logger, int attempt, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema migrated: applied {Versions}, now at version {Latest}")]
    private static partial void LogMigrated(ILogger logger, IReadOnlyList<int> versions, int latest);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => DataSource.Dispose();
}

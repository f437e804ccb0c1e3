using Dpse.Core.Instances;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Dpse.Storage.Postgres.Instances;

/// <summary>
/// Shard holds as session advisory locks (<c>pg_try_advisory_lock(namespace, shard)</c>) on one dedicated connection
/// outside the pool: the server releases them the moment that connection ends, so a crashed instance's shards are free
/// at once. While anything is held the connection is pinged every <see cref="InstanceOptions.HeartbeatInterval"/>; a
/// failed ping (the session broke, so the server may already have released the locks) reports every hold
/// <see cref="IShardHold.Lost"/>. A new holder waits <see cref="StartDelay"/> (a ping interval, a ping's timeout and a
/// second to spare) before it starts, so the old holder has noticed and stopped first. The next hold opens a new connection.
/// </summary>
internal sealed partial class PostgresShardOwnership : IShardOwnership, IAsyncDisposable
{
    /// <summary>The first key of every shard lock ("DSRD"); the migrator's single-key lock lives in another key space.</summary>
    public const int LockNamespace = 0x4453_5244;

    private readonly string _connectionString;
    private readonly TimeSpan _pingInterval;
    private readonly int _pingTimeoutSeconds;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private NpgsqlConnection? _connection;
    private CancellationTokenSource? _session;
    private int _holds;

    public PostgresShardOwnership(PostgresDatabase database, InstanceOptions options, TimeProvider timeProvider, ILogger<PostgresShardOwnership>? logger = null)
    {
        _connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Pooling = false,
            KeepAlive = Math.Max(1, (int)options.HeartbeatInterval.TotalSeconds),
        }.ConnectionString;
        _pingInterval = options.HeartbeatInterval;
        _pingTimeoutSeconds = Math.Max(1, (int)Math.Ceiling(options.HeartbeatInterval.TotalSeconds / 2));
        _time = timeProvider;
        _logger = logger ?? NullLogger<PostgresShardOwnership>.Instance;
        StartDelay = options.HeartbeatInterval + TimeSpan.FromSeconds(_pingTimeoutSeconds + 1);
    }

    public TimeSpan StartDelay { get; }

    /// <summary>The server process of the dedicated connection (tests end it to play a broken session).</summary>
    internal int? BackendProcessId => _connection?.ProcessID;

    public async Task<IShardHold?> TryHoldAsync(int shardId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            if (_connection is null)
            {
                var connection = new NpgsqlConnection(_connectionString);
                try
                {
                    await connection.OpenAsync(cancellationToken);
                }
                catch
                {
                    await connection.DisposeAsync();
                    throw;
                }

                _connection = connection;
                _session = new CancellationTokenSource();
                _ = PingAsync(connection, _session);
            }

            bool taken;
            try
            {
                await using var command = Sql.Command(_connection, "SELECT pg_try_advisory_lock(@space, @shard)").With("space", LockNamespace).With("shard", shardId);
                command.CommandTimeout = _pingTimeoutSeconds;
                taken = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException or IOException)
            {
                await LoseSessionAsync(exception);
                return null;
            }

            if (!taken)
            {
                return null;
            }

            _holds++;
            return new Hold(this, shardId, _connection, _session!.Token);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            await _disposed.CancelAsync();
            await ReleaseAllAsync();
            await CloseAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    // A stopping instance gives its shards back before it hangs up: the server frees a closed session's locks only once
    // its backend process has exited, which on a busy server comes a moment after the close, so a survivor asking at
    // once would be refused. Best effort: a broken session's locks go with the session anyway.
    private async Task ReleaseAllAsync()
    {
        if (_connection is not { State: System.Data.ConnectionState.Open } connection)
        {
            return;
        }

        try
        {
            await using var unlock = Sql.Command(connection, "SELECT pg_advisory_unlock_all()");
            unlock.CommandTimeout = _pingTimeoutSeconds;
            await unlock.ExecuteNonQueryAsync();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or IOException or InvalidOperationException)
        {
            LogSessionBroken(_logger, exception.Message);
        }
    }

    private async Task PingAsync(NpgsqlConnection connection, CancellationTokenSource session)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_pingInterval, _time, session.Token);
                await _gate.WaitAsync(session.Token);
                try
                {
                    if (!ReferenceEquals(_connection, connection))
                    {
                        return;
                    }

                    if (!await IsAliveAsync(connection, session.Token))
                    {
                        await LoseSessionAsync(null);
                        return;
                    }
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (session.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> IsAliveAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using var ping = Sql.Command(connection, "SELECT 1");
            ping.CommandTimeout = _pingTimeoutSeconds;
            await ping.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or IOException or InvalidOperationException)
        {
            LogSessionBroken(_logger, exception.Message);
            return false;
        }
    }

    // Callers hold the gate.
    private async Task LoseSessionAsync(Exception? exception)
    {
        if (exception is not null)
        {
            LogSessionBroken(_logger, exception.Message);
        }

        await CloseAsync();
    }

    private async Task CloseAsync()
    {
        var session = _session;
        var connection = _connection;
        _session = null;
        _connection = null;
        _holds = 0;
        if (session is not null)
        {
            await session.CancelAsync();
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    private async Task<bool> CheckAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!ReferenceEquals(_connection, connection))
            {
                return false;
            }

            if (await IsAliveAsync(connection, cancellationToken))
            {
                return true;
            }

            await LoseSessionAsync(null);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReleaseAsync(int shardId, NpgsqlConnection connection)
    {
        await _gate.WaitAsync();
        try
        {
            if (!ReferenceEquals(_connection, connection))
            {
                return;
            }

            try
            {
                await using var unlock = Sql.Command(connection, "SELECT pg_advisory_unlock(@space, @shard)").With("space", LockNamespace).With("shard", shardId);
                unlock.CommandTimeout = _pingTimeoutSeconds;
                await unlock.ExecuteScalarAsync(CancellationToken.None);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException or IOException)
            {
                await LoseSessionAsync(exception);
                return;
            }

            if (--_holds == 0)
            {
                // Nothing held: give the connection back rather than keep a server process idle.
                await CloseAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shard lock session to PostgreSQL broke ({Problem}); every shard it held is released")]
    private static partial void LogSessionBroken(ILogger logger, string problem);

    private sealed class Hold(PostgresShardOwnership owner, int shardId, NpgsqlConnection connection, CancellationToken lost) : IShardHold
    {
        private int _released;

        public int ShardId => shardId;

        public CancellationToken Lost => lost;

        public async Task<bool> CheckAsync(CancellationToken cancellationToken) =>
            !lost.IsCancellationRequested && await owner.CheckAsync(connection, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                await owner.ReleaseAsync(shardId, connection);
            }
        }
    }
}

using Dpse.Storage.Postgres.Migrations;
using Npgsql;

namespace Dpse.Storage.Postgres.Tests;

/// <summary>
/// One database per test class (a class fixture): created and migrated on first use, emptied before each test, dropped
/// when the class is done, so classes run side by side without seeing each other's rows.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncLifetime
{
    // DELETE is much quicker than TRUNCATE on tables this small.
    private const string Empty =
        "DELETE FROM story_celebrations; DELETE FROM stories; DELETE FROM events; DELETE FROM channel_settings; DELETE FROM member_settings; " +
        "DELETE FROM audit; DELETE FROM deliveries; DELETE FROM erasures; DELETE FROM erasure_secret; DELETE FROM once_keys; ALTER SEQUENCE audit_id_seq RESTART; UPDATE counters SET value = 0; " +
        "DELETE FROM instances; DELETE FROM identify_turns; DELETE FROM command_registrations;";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<string> _extra = [];
    private string? _server;

    /// <summary>The test database's name.</summary>
    public string Name { get; } = $"dpse_test_{Guid.NewGuid():N}";

    /// <summary>The connection string of the test database; skips (or in CI fails) when there is no server.</summary>
    public async Task<string> ConnectionStringAsync()
    {
        var server = PostgresServer.RequireConnectionString();
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_server is null)
            {
                await using (var admin = new NpgsqlConnection(server))
                {
                    await admin.OpenAsync(TestContext.Current.CancellationToken);
                    await using var create = new NpgsqlCommand($"CREATE DATABASE {Name}", admin);
                    await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
                }

                _server = server;
            }
        }
        finally
        {
            _gate.Release();
        }

        return PostgresServer.ForDatabase(server, Name);
    }

    /// <summary>Another new, empty (not migrated) database on the same server, dropped with the class's.</summary>
    public async Task<string> FreshDatabaseAsync(string suffix)
    {
        var server = PostgresServer.RequireConnectionString();
        var name = $"{Name}_{suffix}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        lock (_extra)
        {
            _extra.Add(name);
            _server ??= server;
        }

        return PostgresServer.ForDatabase(server, name);
    }

    /// <summary>A new pool on the test database, migrated and emptied; the caller disposes it.</summary>
    public async Task<PostgresDatabase> EmptyAsync()
    {
        var database = new PostgresDatabase(await ConnectionStringAsync());
        await Migrator.MigrateAsync(database.DataSource, TestContext.Current.CancellationToken);
        await using var empty = database.DataSource.CreateCommand(Empty);
        await empty.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return database;
    }

    /// <inheritdoc />
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _gate.Dispose();
        if (_server is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        foreach (var name in _extra.Append(Name))
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

using Dpse.Storage.Postgres.Migrations;
using Npgsql;

namespace Dpse.Storage.Postgres.Tests.Migrations;

/// <summary>Schema creation at start: versioned scripts, applied once even when instances start together.</summary>
public sealed class MigratorTests(PostgresTestDatabase testDatabase) : IClassFixture<PostgresTestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrate_SixInstancesAtOnceOnAnEmptyDatabase_EachScriptAppliedOnceByOneOfThem()
    {
        var connectionString = await testDatabase.FreshDatabaseAsync("race");
        var sources = Enumerable.Range(0, 6).Select(_ => NpgsqlDataSource.Create(connectionString)).ToList();
        try
        {
            // A start gate that holds no thread-pool thread while it waits (a blocking barrier would hold six on two cores).
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var running = sources.Select(source => Task.Run(
                async () =>
                {
                    await start.Task;
                    return await Migrator.MigrateAsync(source, Ct);
                },
                Ct)).ToList();
            start.SetResult();
            var runs = await Task.WhenAll(running);

            var all = Migrator.Scripts.Select(s => s.Version).ToList();
            Assert.Single(runs, applied => applied.SequenceEqual(all));
            Assert.Equal(sources.Count - 1, runs.Count(applied => applied.Count == 0));
            await using var count = sources[0].CreateCommand("SELECT version FROM schema_migrations ORDER BY version");
            await using var reader = await count.ExecuteReaderAsync(Ct);
            var recorded = new List<int>();
            while (await reader.ReadAsync(Ct))
            {
                recorded.Add(reader.GetInt32(0));
            }

            Assert.Equal(all, recorded);
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Migrate_DatabaseFromANewerBuild_RefusesNamingBothVersions()
    {
        var connectionString = await testDatabase.FreshDatabaseAsync("newer");
        await using var source = NpgsqlDataSource.Create(connectionString);
        await Migrator.MigrateAsync(source, Ct);
        await using (var newer = source.CreateCommand("INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_future.sql')"))
        {
            await newer.ExecuteNonQueryAsync(Ct);
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator.MigrateAsync(source, Ct));

        Assert.Contains($"schema version 9999, newer than this build knows ({Migrator.LatestVersion})", refused.Message, StringComparison.Ordinal);
    }
}

using Npgsql;

namespace Dpse.Storage.Postgres.Migrations;

/// <summary>
/// Creates and upgrades the schema from the versioned scripts embedded in this assembly (<c>Migrations/NNNN_name.sql</c>),
/// each in its own transaction with its row in <c>schema_migrations</c>. The whole run holds a session advisory lock,
/// so instances starting together wait for one another and each script is applied exactly once.
/// </summary>
public static class Migrator
{
    /// <summary>The advisory lock key (an arbitrary constant: "DPSE" in ASCII) shared by every instance.</summary>
    public const long LockKey = 0x4450_5345;

    private const string ResourcePrefix = "Dpse.Storage.Postgres.Migrations.";

    /// <summary>The embedded scripts in version order.</summary>
    public static IReadOnlyList<(int Version, string Name)> Scripts { get; } = LoadScriptNames();

    /// <summary>The newest schema version this build knows.</summary>
    public static int LatestVersion => Scripts[^1].Version;

    /// <summary>Applies every script not yet applied; returns the versions this call applied (none if another instance did).</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var lockCommand = Sql.Command(connection, "SELECT pg_advisory_lock(@key)").With("key", LockKey))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await using (var create = Sql.Command(
                connection,
                "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var read = Sql.Command(connection, "SELECT version FROM schema_migrations");
            var applied = (await read.ListAsync(r => r.GetInt32(0), cancellationToken)).ToHashSet();
            if (applied.Count > 0 && applied.Max() > LatestVersion)
            {
                throw new InvalidOperationException(
                    $"The database has schema version {applied.Max()}, newer than this build knows ({LatestVersion}). Run the newer Dpse.Bot, or restore a backup made for this one.");
            }

            var done = new List<int>();
            foreach (var (version, name) in Scripts.Where(s => !applied.Contains(s.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var script = Sql.Command(connection, ReadScript(name), transaction))
                {
                    await script.ExecuteNonQueryAsync(cancellationToken);
                }

                await using (var record = Sql.Command(connection, "INSERT INTO schema_migrations (version, name) VALUES (@version, @name)", transaction)
                    .With("version", version)
                    .With("name", name))
                {
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                done.Add(version);
            }

            return done;
        }
        finally
        {
            await using var unlock = Sql.Command(connection, "SELECT pg_advisory_unlock(@key)").With("key", LockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static IReadOnlyList<(int Version, string Name)> LoadScriptNames()
    {
        var scripts = typeof(Migrator).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..])
            .Select(n => (Version: int.Parse(n[..n.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture), Name: n))
            .OrderBy(s => s.Version)
            .ToList();
        if (scripts.Count == 0 || scripts.Select(s => s.Version).Distinct().Count() != scripts.Count)
        {
            throw new InvalidOperationException("The embedded migrations are missing or two share a version.");
        }

        return scripts;
    }

    private static string ReadScript(string name)
    {
        using var stream = typeof(Migrator).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"Migration {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

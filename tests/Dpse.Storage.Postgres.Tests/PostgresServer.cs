using Npgsql;

namespace Dpse.Storage.Postgres.Tests;

/// <summary>
/// The PostgreSQL server the tests use: the connection string in <c>DPSE_TEST_POSTGRES</c> (its maintenance database;
/// <c>.ci/with-postgres</c> starts a throwaway cluster and sets it). Without it the tests skip, saying why, except in
/// CI (<c>CI=true</c>), where a missing or unreachable server fails them: CI must never pass by skipping.
/// </summary>
internal static class PostgresServer
{
    public const string Variable = "DPSE_TEST_POSTGRES";

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The server's connection string; skips (or in CI fails) the current test when there is none.</summary>
    public static string RequireConnectionString()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (InCi)
            {
                Assert.Fail($"{Variable} is not set, and CI=true: run the tests through .ci/with-postgres so the PostgreSQL store is tested.");
            }

            Assert.Skip($"needs a PostgreSQL server: set {Variable} to an Npgsql connection string, or run through .ci/with-postgres (installs and starts a throwaway one)");
        }

        return connectionString;
    }

    /// <summary>The same server, another database.</summary>
    public static string ForDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;
}

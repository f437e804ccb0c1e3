using Npgsql;

namespace Dpse.Bot.Tests;

/// <summary>
/// The PostgreSQL server the bot tests use: <c>DPSE_TEST_POSTGRES</c> (set by <c>.ci/with-postgres</c>). Without it a
/// test skips saying why, except in CI (<c>CI=true</c>), where it fails: CI must never pass by skipping.
/// </summary>
internal static class TestPostgres
{
    public const string Variable = "DPSE_TEST_POSTGRES";

    /// <summary>Creates a new, empty database on the server and returns its connection string.</summary>
    public static async Task<string> NewDatabaseAsync()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"{Variable} is not set, and CI=true: run the tests through .ci/with-postgres.");
            }

            Assert.Skip($"needs a PostgreSQL server: set {Variable}, or run through .ci/with-postgres");
        }

        var name = $"dpse_bot_test_{Guid.NewGuid():N}";
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync(TestContext.Current.CancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }
}

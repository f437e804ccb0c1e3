using Dpse.Core.Scheduling;
using Dpse.Storage.Postgres.Scheduling;
using Npgsql;

namespace Dpse.Storage.Postgres.Tests.Scheduling;

/// <summary>
/// Two instances' schedule signals, each on its own pool of one database: a plan change on one wakes the other's
/// scheduler through NOTIFY/LISTEN, also after the listening connection was cut. Real time, bounded waits.
/// </summary>
public sealed class PostgresScheduleSignalTests(PostgresTestDatabase testDatabase) : IClassFixture<PostgresTestDatabase>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Changed_OnOneInstance_WakesTheOtherWithinTheBound()
    {
        await using var one = await Instance.StartAsync(await testDatabase.EmptyAsync(), "one");
        await using var two = await Instance.StartAsync(new PostgresDatabase(await testDatabase.ConnectionStringAsync()), "two");
        var twoWakes = two.Local.NextChange;
        var oneWakes = one.Local.NextChange;

        one.Signal.Changed();

        await twoWakes.WaitAsync(Bound, Ct);
        Assert.True(oneWakes.IsCompleted);
    }

    [Fact]
    public async Task Listener_ConnectionCut_ReconnectsWakesItselfAndHearsTheOtherAgain()
    {
        await using var one = await Instance.StartAsync(await testDatabase.EmptyAsync(), "one");
        await using var two = await Instance.StartAsync(new PostgresDatabase(await testDatabase.ConnectionStringAsync()), "two");
        var woken = two.Local.NextChange;

        await TerminateListenerAsync("two");
        await UntilAsync(() => two.Signal.Listens >= 2);
        await woken.WaitAsync(Bound, Ct);

        var again = two.Local.NextChange;
        one.Signal.Changed();
        await again.WaitAsync(Bound, Ct);
    }

    private async Task TerminateListenerAsync(string application)
    {
        await using var admin = new NpgsqlConnection(await testDatabase.ConnectionStringAsync());
        await admin.OpenAsync(Ct);
        await using var kill = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @app AND query LIKE 'LISTEN%'",
            admin);
        kill.Parameters.AddWithValue("app", application);
        Assert.Equal(1L, await kill.ExecuteScalarAsync(Ct));
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Bound, "condition not met within the bound");
            await Task.Delay(20, Ct);
        }
    }

    /// <summary>One instance: its pool (named in pg_stat_activity), its scheduler's local signal and the PostgreSQL one, started and listening.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        private readonly PostgresDatabase _database;

        private Instance(PostgresDatabase database, PostgresScheduleSignal signal, ScheduleSignal local)
        {
            _database = database;
            Signal = signal;
            Local = local;
        }

        public PostgresScheduleSignal Signal { get; }

        public ScheduleSignal Local { get; }

        public static async Task<Instance> StartAsync(PostgresDatabase pool, string name)
        {
            // The named pool lets a test find this instance's listening connection; the given pool only migrated the database.
            var builder = new NpgsqlConnectionStringBuilder(pool.DataSource.ConnectionString) { ApplicationName = name };
            await pool.DisposeAsync();
            var database = new PostgresDatabase(builder.ConnectionString);
            var local = new ScheduleSignal();
            var signal = new PostgresScheduleSignal(database, local);
            await signal.StartAsync(Ct);
            await UntilAsync(() => signal.Listens >= 1);
            return new Instance(database, signal, local);
        }

        public async ValueTask DisposeAsync()
        {
            await Signal.StopAsync(CancellationToken.None);
            Signal.Dispose();
            await _database.DisposeAsync();
        }
    }
}

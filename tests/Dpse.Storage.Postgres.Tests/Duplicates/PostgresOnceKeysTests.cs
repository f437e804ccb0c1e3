using Dpse.Core.Duplicates;
using Dpse.Storage.Postgres.Duplicates;
using Dpse.Testing.Contracts;

namespace Dpse.Storage.Postgres.Tests.Duplicates;

/// <summary>The once-claims contract on PostgreSQL, plus what only a shared store can show: two instances, one winner.</summary>
public sealed class PostgresOnceKeysTests(PostgresTestDatabase testDatabase) : OnceKeysContract, IClassFixture<PostgresTestDatabase>
{
    protected override async ValueTask<(IOnceKeys Keys, IAsyncDisposable Owner)> CreateAsync()
    {
        var database = await testDatabase.EmptyAsync();
        return (new PostgresOnceKeys(database), database);
    }

    [Fact]
    public async Task TryClaim_TwoInstancesOnTheirOwnPools_OneWinsEachKey()
    {
        await using var first = await testDatabase.EmptyAsync();
        await using var second = new PostgresDatabase(await testDatabase.ConnectionStringAsync());
        var instances = new IOnceKeys[] { new PostgresOnceKeys(first), new PostgresOnceKeys(second) };
        var now = new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero);
        using var start = new ManualResetEventSlim();

        var claims = Enumerable.Range(0, 40).Select(i => Task.Run(
            async () =>
            {
                start.Wait(Ct);
                return (Key: i % 5, Won: await instances[i % 2].TryClaimAsync($"slack:envelope:{i % 5}", now, now.AddMinutes(15), Ct));
            },
            Ct)).ToList();
        start.Set();
        var results = await Task.WhenAll(claims);

        Assert.All(results.GroupBy(r => r.Key), g => Assert.Equal(1, g.Count(r => r.Won)));
    }
}

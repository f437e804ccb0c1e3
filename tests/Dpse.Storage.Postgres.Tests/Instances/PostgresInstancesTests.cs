using Dpse.Core.Instances;
using Dpse.Storage.Postgres.Instances;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Dpse.Storage.Postgres.Tests.Instances;

/// <summary>
/// Several instances on one database, each with its own membership, ownership and pool (its own connections), as
/// separate processes would have them.
/// </summary>
public sealed class PostgresInstancesTests(PostgresTestDatabase testDatabase) : IClassFixture<PostgresTestDatabase>, IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly List<IAsyncDisposable> _owned = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }

    private static InstanceOptions Options(string id) => new() { Id = id, HeartbeatInterval = TimeSpan.FromMilliseconds(100), TimeToLive = TimeSpan.FromSeconds(15) };

    private async Task<PostgresDatabase> InstanceDatabaseAsync(bool empty = false)
    {
        var database = empty ? await testDatabase.EmptyAsync() : new PostgresDatabase(await testDatabase.ConnectionStringAsync());
        await database.EnsureReadyAsync(TestContext.Current.CancellationToken);
        _owned.Add(database);
        return database;
    }

    private async Task<PostgresShardOwnership> OwnershipAsync(string id)
    {
        var ownership = new PostgresShardOwnership(await InstanceDatabaseAsync(), Options(id), TimeProvider.System);
        _owned.Add(ownership);
        return ownership;
    }

    [Fact]
    public async Task Heartbeat_ThreeInstances_CountsLiveAndDropsSilentAndLeft()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-07T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await InstanceDatabaseAsync(empty: true);
        var members = new List<PostgresInstanceMembership>();
        foreach (var id in new[] { "a", "b", "c" })
        {
            members.Add(new PostgresInstanceMembership(await InstanceDatabaseAsync(), Microsoft.Extensions.Options.Options.Create(Options(id)), time));
        }

        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(new InstanceCensus(1, 0), await members[2].HeartbeatAsync(ct));
        Assert.Equal(new InstanceCensus(2, 0), await members[1].HeartbeatAsync(ct));
        Assert.Equal(new InstanceCensus(3, 0), await members[0].HeartbeatAsync(ct));

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(new InstanceCensus(3, 0), await members[0].HeartbeatAsync(ct));
        Assert.Equal(new InstanceCensus(3, 1), await members[1].HeartbeatAsync(ct));
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(new InstanceCensus(2, 1), await members[1].HeartbeatAsync(ct));

        await members[0].LeaveAsync(ct);
        Assert.Equal(new InstanceCensus(1, 0), await members[1].HeartbeatAsync(ct));
    }

    [Fact]
    public async Task TryTake_SameBucketFromTwoInstances_SecondWaitsTheRestOfTheInterval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-07T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await InstanceDatabaseAsync(empty: true);
        var a = new PostgresIdentifyTurns(await InstanceDatabaseAsync(), time);
        var b = new PostgresIdentifyTurns(await InstanceDatabaseAsync(), time);
        var interval = TimeSpan.FromSeconds(5);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(TimeSpan.Zero, await a.TryTakeAsync(0, interval, ct));
        Assert.Equal(TimeSpan.Zero, await b.TryTakeAsync(1, interval, ct));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(3), await b.TryTakeAsync(0, interval, ct));
        Assert.Equal(TimeSpan.FromSeconds(3), await a.TryTakeAsync(0, interval, ct));
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.Zero, await b.TryTakeAsync(0, interval, ct));
        Assert.Equal(TimeSpan.FromSeconds(5), await a.TryTakeAsync(0, interval, ct));
    }

    [Fact]
    public async Task TryTake_ThreeInstancesRacing_ExactlyOneGetsTheTurn()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-07T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await InstanceDatabaseAsync(empty: true);
        var turns = new List<PostgresIdentifyTurns>();
        for (var i = 0; i < 3; i++)
        {
            turns.Add(new PostgresIdentifyTurns(await InstanceDatabaseAsync(), time));
        }

        for (var round = 0; round < 10; round++)
        {
            var waits = await Task.WhenAll(turns.Select(t => t.TryTakeAsync(0, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken)));
            Assert.Single(waits, w => w == TimeSpan.Zero);
            time.Advance(TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task ClusterLock_ThreeInstancesRegistering_OneRegistersOthersFindItsHash()
    {
        await InstanceDatabaseAsync(empty: true);
        var registrations = 0;
        var inside = 0;
        var overlapped = false;
        var ct = TestContext.Current.CancellationToken;
        var instances = new List<(PostgresClusterLock Lock, PostgresRegistrationHashStore Hashes)>();
        for (var i = 0; i < 3; i++)
        {
            var database = await InstanceDatabaseAsync();
            instances.Add((new PostgresClusterLock(database), new PostgresRegistrationHashStore(database, TimeProvider.System)));
        }

        await Task.WhenAll(instances.Select(async instance =>
        {
            await using var held = await instance.Lock.AcquireAsync("discord-commands", ct);
            overlapped |= Interlocked.Increment(ref inside) > 1;
            if (await instance.Hashes.GetAsync("global", ct) != "h1")
            {
                Interlocked.Increment(ref registrations);
                await Task.Delay(50, ct);
                await instance.Hashes.SetAsync("global", "h1", ct);
            }

            Interlocked.Decrement(ref inside);
        }));

        Assert.False(overlapped, "two instances held the registration lock at once");
        Assert.Equal(1, registrations);
    }

    [Fact]
    public async Task TryHold_ThreeInstancesRacing_ExactlyOneHolderPerShardAtEveryRound()
    {
        const int Shards = 6;
        var instances = new List<(PostgresShardOwnership Ownership, Dictionary<int, IShardHold> Holds)>();
        for (var i = 0; i < 3; i++)
        {
            instances.Add((await OwnershipAsync($"i{i}"), []));
        }

        var random = new Random(7);
        var ct = TestContext.Current.CancellationToken;
        for (var round = 0; round < 15; round++)
        {
            // Every instance tries every shard it does not hold, all at once.
            await Task.WhenAll(instances.Select(async instance =>
            {
                for (var shard = 0; shard < Shards; shard++)
                {
                    if (!instance.Holds.ContainsKey(shard) && await instance.Ownership.TryHoldAsync(shard, ct) is { } hold)
                    {
                        instance.Holds[shard] = hold;
                    }
                }
            }));

            for (var shard = 0; shard < Shards; shard++)
            {
                Assert.Single(instances, instance => instance.Holds.ContainsKey(shard));
            }

            // Each gives back a random few.
            foreach (var (_, holds) in instances)
            {
                foreach (var shard in holds.Keys.Where(_ => random.Next(3) == 0).ToList())
                {
                    await holds[shard].DisposeAsync();
                    holds.Remove(shard);
                }
            }
        }
    }

    [Fact]
    public async Task Dispose_HoldersOwnership_AnotherInstanceTakesTheShardAtOnce()
    {
        var a = await OwnershipAsync("a");
        var b = await OwnershipAsync("b");
        var ct = TestContext.Current.CancellationToken;
        var held = await a.TryHoldAsync(0, ct);
        Assert.NotNull(held);
        Assert.Null(await b.TryHoldAsync(0, ct));

        await a.DisposeAsync();

        Assert.True(held.Lost.IsCancellationRequested);
        Assert.NotNull(await b.TryHoldAsync(0, ct));
    }

    [Fact]
    public async Task BrokenSession_HolderSeesLostBeforeTheNewHoldersStartDelayEnds()
    {
        var a = await OwnershipAsync("a");
        var b = await OwnershipAsync("b");
        var ct = TestContext.Current.CancellationToken;
        var held = await a.TryHoldAsync(3, ct);
        Assert.NotNull(held);
        var lostAt = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        held.Lost.Register(() => lostAt.TrySetResult(TimeProvider.System.GetTimestamp()));

        // The server ends A's session, as when its network or process goes away.
        await using (var admin = new NpgsqlConnection(await testDatabase.ConnectionStringAsync()))
        {
            await admin.OpenAsync(ct);
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", admin);
            kill.Parameters.AddWithValue("pid", a.BackendProcessId!.Value);
            await kill.ExecuteNonQueryAsync(ct);
        }

        IShardHold? taken = null;
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            wait.CancelAfter(Bound);
            while (taken is null)
            {
                taken = await b.TryHoldAsync(3, wait.Token);
                if (taken is null)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20), wait.Token);
                }
            }
        }

        var takenAt = TimeProvider.System.GetTimestamp();
        var lost = await lostAt.Task.WaitAsync(Bound, ct);
        Assert.True(TimeProvider.System.GetElapsedTime(takenAt, lost) < b.StartDelay, "A noticed its loss only after B could have started the shard");
        Assert.False(await held.CheckAsync(ct));
    }

    [Fact]
    public async Task Balancer_ThreeInstances_SpreadEvenlyAndSurvivorsTakeOverADeadOnesShards()
    {
        const int Shards = 7;
        var ct = TestContext.Current.CancellationToken;
        var ownerships = new List<PostgresShardOwnership>();
        for (var i = 0; i < 3; i++)
        {
            ownerships.Add(await OwnershipAsync($"i{i}"));
        }

        var balancers = ownerships.Select(o => new ShardBalancer(o, Shards)).ToList();
        Task Stop(int shard) => Task.CompletedTask;

        // The first instance starts alone and takes everything; as the others join (live 3) the shares even out.
        await balancers[0].TurnAsync(InstanceCensus.Alone, Stop, ct);
        Assert.Equal(Shards, balancers[0].Held.Count);
        for (var round = 0; round < 3; round++)
        {
            for (var rank = 0; rank < balancers.Count; rank++)
            {
                await balancers[rank].TurnAsync(new InstanceCensus(3, rank), Stop, ct);
                AssertOneHolderEach(balancers, Shards, allHeld: false);
            }
        }

        AssertOneHolderEach(balancers, Shards, allHeld: true);
        Assert.Equal([3, 2, 2], balancers.Select(b => b.Held.Count));

        // The third instance dies (its session ends); the survivors, now two, take its shards on their next turns.
        await ownerships[2].DisposeAsync();
        var survivors = balancers.Take(2).ToList();
        for (var round = 0; round < 2; round++)
        {
            for (var rank = 0; rank < survivors.Count; rank++)
            {
                await survivors[rank].TurnAsync(new InstanceCensus(2, rank), Stop, ct);
                AssertOneHolderEach(survivors, Shards, allHeld: false);
            }
        }

        AssertOneHolderEach(survivors, Shards, allHeld: true);
        Assert.Equal([4, 3], survivors.Select(b => b.Held.Count));
    }

    private static void AssertOneHolderEach(IReadOnlyList<ShardBalancer> balancers, int shards, bool allHeld)
    {
        for (var shard = 0; shard < shards; shard++)
        {
            var holders = balancers.Count(b => b.Held.Contains(shard));
            Assert.True(allHeld ? holders == 1 : holders <= 1, $"shard {shard} held by {holders} instances");
        }
    }
}

using Dpse.Core.Instances;
using Dpse.Discord.Gateway;
using Dpse.Discord.Tests.Fakes;
using Dpse.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Discord.Tests.Gateway;

/// <summary>Two Discord adapters as two instances of the bot, sharing instance ports (in-process here, PostgreSQL in production).</summary>
public sealed class SeveralInstancesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dpse-discord-instances-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ServiceProvider Instance(string id, FakeDiscord fake, TestExchange exchange, LocalCluster cluster, TimeProvider time, FakeLogCollector logs)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Dpse:Discord:Enabled"] = "true",
            ["Dpse:Discord:Token"] = TestClients.Token,
            ["Dpse:Discord:ApplicationId"] = TestClients.ApplicationId,
            ["Dpse:Discord:ApiBaseUrl"] = fake.ApiBaseUrl,
            ["Dpse:Discord:GatewayUrl"] = fake.GatewayUrl,
            ["Dpse:Discord:ShardCount"] = "2",
            ["Dpse:Discord:GuildIds:0"] = InteractionFixtures.GuildId,
            ["Dpse:Discord:RegistrationHashFile"] = Path.Combine(_dir, id + "-hash.json"),
        };
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddSingleton(cluster);
        services.Configure<InstanceOptions>(o => o.Id = id);
        services.AddLogging(b => b.AddProvider(new FakeLoggerProvider(logs)));
        services.AddSingleton(exchange.Dispatcher);
        services.AddSingleton(exchange.Completions);
        services.AddDpseDiscord(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task TwoInstances_TwoShards_EachShardConnectedOnceIdentifiesSpacedAndSurvivorTakesOver()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeDiscord.StartAsync(time);
        using var exchange = TestExchange.Create();
        var cluster = new LocalCluster(time);
        var logs = new FakeLogCollector();
        await using var a = Instance("a", fake, exchange, cluster, time, logs);
        await using var b = Instance("b", fake, exchange, cluster, time, logs);
        var ct = TestContext.Current.CancellationToken;

        // Both have beaten before either gateway takes its first turn, so each takes its own share at once.
        await a.GetRequiredService<IInstanceMembership>().HeartbeatAsync(ct);
        await b.GetRequiredService<IInstanceMembership>().HeartbeatAsync(ct);
        var serviceA = a.GetRequiredService<DiscordGatewayService>();
        var serviceB = b.GetRequiredService<DiscordGatewayService>();
        serviceA.Random = () => 0.99;
        serviceB.Random = () => 0.99;
        await serviceA.StartAsync(ct);
        await serviceB.StartAsync(ct);
        try
        {
            // No fake time passes until both sockets wait in the identify queue: nothing real is in flight then.
            await PollAsync(() => fake.All.Count(r => r.Method == "PUT") == 2 && fake.ConnectionCount == 2);
            var connections = new[] { await fake.NextConnectionAsync(), await fake.NextConnectionAsync() };
            var identifies = connections.Select(c => ReceiveIdentifyAsync(fake, c)).ToArray();
            Assert.Single(serviceA.Shards);
            Assert.Single(serviceB.Shards);
            Assert.NotEqual(serviceA.Shards[0].ShardId, serviceB.Shards[0].ShardId);

            // One shard identifies at once; the other instance's shard, in the same bucket, waits its 5 s.
            var first = await Task.WhenAny(identifies).WaitAsync(TimeSpan.FromSeconds(10), ct);
            var second = identifies.Single(i => i != first);
            await Task.Delay(200, ct);
            Assert.False(second.IsCompleted, "the second instance identified without waiting for the bucket's turn");
            time.Advance(IdentifyLimiter.Interval - TimeSpan.FromMilliseconds(100));
            await Task.Delay(200, ct);
            Assert.False(second.IsCompleted, "the second instance identified before 5 s had passed");

            // The waiting shard reads the time and then sets up its wait: a shard slow enough to do that across one of
            // the moves above waits from the earlier time but on the later clock, up to 4.9 s late. So the clock moves
            // on in steps until it identifies rather than once by 0.1 s.
            await time.AdvanceUntilAsync(() => second.IsCompleted, TimeSpan.FromMilliseconds(100), limit: IdentifyLimiter.Interval);
            await second.WaitAsync(TimeSpan.FromSeconds(10), ct);
            Assert.Equal([0, 1], new[] { await first, await second }.Order());

            // Several turns later nobody has connected a shard twice.
            for (var turn = 0; turn < 3; turn++)
            {
                time.Advance(TimeSpan.FromSeconds(5));
                await Task.Delay(20, ct);
            }

            Assert.Equal(2, fake.ConnectionCount);

            // B stops without leaving (as if it died): once its beat is older than the time to live, A takes its shard.
            var orphan = serviceB.Shards[0].ShardId;
            await serviceB.StopAsync(CancellationToken.None);
            // B beat last at the latest now, so it is gone 15 s on and A's next 5 s claim turn takes its shard: within
            // 20 s. The clock stops there, as the new socket connects in real time: 1 s steps in quiet polls would
            // otherwise reach its 30 s connect timeout mid-handshake. (20 s also stays short of the shards' first heartbeats.)
            await time.AdvanceUntilAsync(() => fake.ConnectionCount >= 3, TimeSpan.FromSeconds(1), limit: TimeSpan.FromSeconds(20));
            var taken = await ReceiveIdentifyAsync(fake, await fake.NextConnectionAsync());
            Assert.Equal(orphan, taken);
            Assert.Equal([0, 1], serviceA.Shards.Select(s => s.ShardId));
            Assert.Equal(3, fake.ConnectionCount);
        }
        finally
        {
            await serviceA.StopAsync(CancellationToken.None);
            await serviceB.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Wait_SameBucketOnTwoInstances_SecondIdentifyWaitsFiveSeconds()
    {
        var time = new FakeTimeProvider();
        var cluster = new LocalCluster(time);
        var a = new IdentifyLimiter(time, 1, new LocalIdentifyTurns(cluster));
        var b = new IdentifyLimiter(time, 1, new LocalIdentifyTurns(cluster));

        await a.WaitAsync(0, TestContext.Current.CancellationToken);
        var second = b.WaitAsync(1, TestContext.Current.CancellationToken);
        var waited = await time.AdvanceUntilAsync(() => second.IsCompleted, TimeSpan.FromMilliseconds(500));

        await second;
        Assert.True(waited >= IdentifyLimiter.Interval, $"second instance identified after {waited}");
    }

    private static async Task<int> ReceiveIdentifyAsync(FakeDiscord fake, FakeGatewayConnection connection)
    {
        await connection.SendAsync(GatewayFixtures.Hello);
        var identify = await connection.ReceiveAsync();
        Assert.Equal(2, identify["op"]!.GetValue<int>());
        await connection.SendAsync(GatewayFixtures.Ready(fake.GatewayUrl + "/resume"));
        return identify["d"]!["shard"]![0]!.GetValue<int>();
    }

    private static async Task PollAsync(Func<bool> done)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!done())
        {
            await Task.Delay(10, limit.Token);
        }
    }
}

using System.Text.Json.Nodes;
using Dpse.Discord.Gateway;
using Dpse.Discord.Tests.Fakes;
using Dpse.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Discord.Tests.Gateway;

/// <summary>The whole adapter (DI, registration, GET /gateway/bot, gateway, interactions) over the real core router and in-memory stores.</summary>
public sealed class DiscordEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dpse-discord-e2e-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ServiceProvider Services(FakeDiscord fake, TestExchange exchange, FakeLogCollector logs, bool gatewayUrl = false, TimeProvider? time = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Dpse:Discord:Enabled"] = "true",
            ["Dpse:Discord:Token"] = TestClients.Token,
            ["Dpse:Discord:ApplicationId"] = TestClients.ApplicationId,
            ["Dpse:Discord:ApiBaseUrl"] = fake.ApiBaseUrl,
            ["Dpse:Discord:GuildIds:0"] = InteractionFixtures.GuildId,
            ["Dpse:Discord:RegistrationHashFile"] = Path.Combine(_dir, "hash.json"),
        };
        if (gatewayUrl)
        {
            settings["Dpse:Discord:GatewayUrl"] = fake.GatewayUrl;
        }

        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddLogging(b => b.AddProvider(new FakeLoggerProvider(logs)));
        services.AddSingleton(exchange.Dispatcher);
        services.AddSingleton(exchange.Completions);
        services.AddDpseDiscord(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }

    private static bool Sent(FakeDiscord fake, string path)
    {
        lock (fake.All)
        {
            return fake.All.Exists(r => r.Path == path);
        }
    }

    [Fact]
    public async Task SlashCommands_ThroughGatewayAndRouter_AnsweredAndFormsRoundTrip()
    {
        // A fake clock that stands still once the adapter is up: the 2 s reply budget then never runs out, however
        // long a cold, CPU-starved first command takes, and every answer below is the direct one the test expects.
        var time = new FakeTimeProvider();
        await using var fake = await FakeDiscord.StartAsync(time);
        using var exchange = TestExchange.Create();
        var logs = new FakeLogCollector();
        await using var provider = Services(fake, exchange, logs, time: time);
        var service = provider.GetRequiredService<DiscordGatewayService>();
        service.Random = () => 0.99;
        await service.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var register = await fake.NextRequestAsync(r => r.Method == "PUT");
            Assert.Equal($"/applications/{TestClients.ApplicationId}/guilds/{InteractionFixtures.GuildId}/commands", register.Path);

            // GET /gateway/bot leaves on the next global slot, 20 ms after the PUT's (a step later if its wait is set up
            // just after a step). That is all the fake time start-up needs: interaction callbacks are outside the global
            // limit, the first IDENTIFY does not wait, and the first heartbeat is 40 s away.
            await time.AdvanceUntilAsync(() => Sent(fake, "/gateway/bot"), TimeSpan.FromMilliseconds(20), limit: TimeSpan.FromMilliseconds(100));
            await fake.NextRequestAsync(r => r.Path == "/gateway/bot");
            var connection = await fake.NextConnectionAsync();
            await connection.SendAsync(GatewayFixtures.Hello);
            Assert.Equal(2, (await connection.ReceiveAsync())["op"]!.GetValue<int>());
            await connection.SendAsync(GatewayFixtures.Ready(fake.GatewayUrl + "/resume"));

            // A complete share is answered directly with the story card.
            var share = InteractionFixtures.Command("story share", [("outcome", "failure"), ("title", "Search rebuild @everyone"), ("summary", "We tried <@&1> Solr"), ("lessons", "Start small")], id: "100000000000000001");
            await connection.SendAsync(GatewayFixtures.Dispatch("INTERACTION_CREATE", share, 2));
            var shared = await fake.NextRequestAsync(r => r.Path.StartsWith("/interactions/100000000000000001/", StringComparison.Ordinal));
            Assert.Equal(4, shared.Json["type"]!.GetValue<int>());
            var json = shared.Json["data"]!.ToJsonString();
            Assert.Contains("Search rebuild", json, StringComparison.Ordinal);
            Assert.DoesNotContain("\"@everyone", json, StringComparison.Ordinal);
            Assert.DoesNotContain(" @everyone", json, StringComparison.Ordinal);
            Assert.Equal("""{"parse":[]}""", shared.Json["data"]!["allowed_mentions"]!.ToJsonString());

            // Missing long fields open the form; its submission runs the same command.
            var partial = InteractionFixtures.Command("story share", [("outcome", "success"), ("org", "Anytown Council")], id: "100000000000000002");
            await connection.SendAsync(GatewayFixtures.Dispatch("INTERACTION_CREATE", partial, 3));
            var modal = await fake.NextRequestAsync(r => r.Path.StartsWith("/interactions/100000000000000002/", StringComparison.Ordinal));
            Assert.Equal(9, modal.Json["type"]!.GetValue<int>());
            var customId = modal.Json["data"]!["custom_id"]!.GetValue<string>();

            var submit = InteractionFixtures.ModalSubmit(customId, [("title", "Open data portal"), ("summary", "Launched on time")], labelShape: true, id: "100000000000000003");
            await connection.SendAsync(GatewayFixtures.Dispatch("INTERACTION_CREATE", submit, 4));
            var created = await fake.NextRequestAsync(r => r.Path.StartsWith("/interactions/100000000000000003/", StringComparison.Ordinal));
            Assert.Equal(4, created.Json["type"]!.GetValue<int>());
            Assert.Contains("Open data portal", created.Json.ToJsonString(), StringComparison.Ordinal);

            // The story is in the shared exchange.
            var list = await exchange.RunTextAsync("story list");
            Assert.Contains("Open data portal", list, StringComparison.Ordinal);
            Assert.Contains("Search rebuild", list, StringComparison.Ordinal);

            // A button on a card routes back to the core.
            var celebrate = InteractionFixtures.Button("dpse:celebrate:1", id: "100000000000000004");
            await connection.SendAsync(GatewayFixtures.Dispatch("INTERACTION_CREATE", celebrate, 5));
            var celebrated = await fake.NextRequestAsync(r => r.Path.StartsWith("/interactions/100000000000000004/", StringComparison.Ordinal));
            Assert.Contains(celebrated.Json["type"]!.GetValue<int>(), new[] { 4, 7 });

            // Autocomplete for story ids.
            var complete = InteractionFixtures.Command("story show", [("story", "S")], id: "100000000000000005", type: 4, focused: "story");
            await connection.SendAsync(GatewayFixtures.Dispatch("INTERACTION_CREATE", complete, 6));
            var choices = await fake.NextRequestAsync(r => r.Path.StartsWith("/interactions/100000000000000005/", StringComparison.Ordinal));
            Assert.Equal(8, choices.Json["type"]!.GetValue<int>());
            Assert.NotEmpty(choices.Json["data"]!["choices"]!.AsArray());

            fake.AssertBodiesMatchOpenApi();
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Restart_SameCatalogue_RegistrationSkipped()
    {
        await using var fake = await FakeDiscord.StartAsync();
        using var exchange = TestExchange.Create();
        for (var run = 0; run < 2; run++)
        {
            await using var provider = Services(fake, exchange, new FakeLogCollector(), gatewayUrl: true);
            var service = provider.GetRequiredService<DiscordGatewayService>();
            await service.StartAsync(TestContext.Current.CancellationToken);
            var connection = await fake.NextConnectionAsync();
            await service.StopAsync(CancellationToken.None);
            await connection.WaitClosedAsync();
        }

        Assert.Single(fake.All, r => r.Method == "PUT");
        Assert.DoesNotContain(fake.All, r => r.Path == "/gateway/bot");
    }

    [Fact]
    public async Task FatalClose_StopsTheAdapterOnlyWithCriticalLog()
    {
        await using var fake = await FakeDiscord.StartAsync();
        using var exchange = TestExchange.Create();
        var logs = new FakeLogCollector();
        await using var provider = Services(fake, exchange, logs, gatewayUrl: true);
        var service = provider.GetRequiredService<DiscordGatewayService>();
        await service.StartAsync(TestContext.Current.CancellationToken);

        var connection = await fake.NextConnectionAsync();
        await connection.SendAsync(GatewayFixtures.Hello);
        await connection.ReceiveAsync();
        await connection.CloseAsync(4004);

        Assert.Equal(GatewayOutcome.Fatal, await service.Stopped.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal(1, fake.ConnectionCount);
        Assert.Contains(logs.GetSnapshot(), r => r.Level == LogLevel.Critical && r.Message.Contains("Dpse:Discord:Token", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Message.Contains(TestClients.Token, StringComparison.Ordinal));
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task GatewayBot_TwoShards_EachIdentifiesWithItsShard()
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeDiscord.StartAsync(time);
        // Every GET /gateway/bot gets two shards: should a lookup be retried, the retry must not fall back to the default one.
        fake.ScriptAlways(r => r.Path == "/gateway/bot", new FakeResponse(200, $$$"""{"url":"{{{fake.GatewayUrl}}}","shards":2,"session_start_limit":{"total":1000,"remaining":998,"reset_after":14400000,"max_concurrency":1}}"""));
        using var exchange = TestExchange.Create();
        var logs = new FakeLogCollector();
        await using var provider = Services(fake, exchange, logs, time: time);
        var service = provider.GetRequiredService<DiscordGatewayService>();
        await service.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            // The adapter's own HTTP client passes no idle gate, so the clock moves while its requests are in flight. It
            // moves only as far as start-up needs, never near the 15 s request timeout or the 30 s connect timeout: once
            // the registration PUT has left (in real time: the clock cannot tell how long start-up takes to send it),
            // GET /gateway/bot waits at most the 20 ms global slot after it (a step more if that wait is set up just
            // after a step).
            await fake.NextRequestAsync(r => r.Method == "PUT");
            var identifies = new List<JsonNode>();
            for (var i = 0; i < 2; i++)
            {
                var expected = i + 1;
                await time.AdvanceUntilAsync(() => fake.ConnectionCount >= expected, TimeSpan.FromMilliseconds(50), limit: TimeSpan.FromMilliseconds(100));
                var connection = await fake.NextConnectionAsync();
                await connection.SendAsync(GatewayFixtures.Hello);
                var receiving = connection.ReceiveAsync();

                // The second IDENTIFY waits the 5 s identify window (a step or two more if its wait is set up late).
                await time.AdvanceUntilAsync(() => receiving.IsCompleted, TimeSpan.FromMilliseconds(500), limit: IdentifyLimiter.Interval + TimeSpan.FromSeconds(1));
                var identify = await receiving;
                identifies.Add(identify["d"]!["shard"]!);
            }

            Assert.Equal(["[0,2]", "[1,2]"], identifies.Select(i => i.ToJsonString()).Order());
        }
        finally
        {
            foreach (var r in logs.GetSnapshot())
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"{r.Level} {r.Message}");
            }

            await service.StopAsync(CancellationToken.None);
        }
    }
}

using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dpse.Discord.Gateway;
using Dpse.Discord.Tests.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Discord.Tests.Gateway;

public sealed class GatewayShardTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private sealed class Harness : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        public required FakeDiscord Fake { get; init; }

        public required FakeTimeProvider Time { get; init; }

        public required GatewayShard Shard { get; init; }

        public required FakeLogger Logger { get; init; }

        public List<JsonElement> Interactions { get; } = [];

        public Task<GatewayOutcome> Running { get; private set; } = Task.FromResult(GatewayOutcome.Stopped);

        public string ResumeUrl => Fake.GatewayUrl + "/resume";

        public static async Task<Harness> StartAsync()
        {
            var time = new FakeTimeProvider();
            var fake = await FakeDiscord.StartAsync(time);
            Harness? harness = null;
            var logger = new FakeLogger();
            var shard = new GatewayShard(0, 1, new Uri(fake.GatewayUrl), TestClients.Token, new IdentifyLimiter(time, 1),
                (e, _) =>
                {
                    lock (harness!.Interactions)
                    {
                        harness.Interactions.Add(e);
                    }

                    return Task.CompletedTask;
                },
                time, () => 0, logger);
            harness = new Harness { Fake = fake, Time = time, Shard = shard, Logger = logger };
            harness.Running = shard.RunAsync(harness._stop.Token);
            return harness;
        }

        /// <summary>Accepts a connection, says HELLO and returns it with the client's IDENTIFY or RESUME.</summary>
        public async Task<(FakeGatewayConnection Connection, JsonObject First)> AcceptAsync()
        {
            var connection = await Fake.NextConnectionAsync();
            await connection.SendAsync(GatewayFixtures.Hello);
            var receiving = connection.ReceiveAsync();

            // A fresh IDENTIFY may wait for the 5 s identify window on the fake clock (a step more if its wait is set up
            // just after a step). The limit keeps the clock well short of the 30 s connect timeout: the fake has
            // accepted the socket, but the client may still be finishing its handshake.
            await Time.AdvanceUntilAsync(() => receiving.IsCompleted, TimeSpan.FromMilliseconds(250), limit: IdentifyLimiter.Interval + TimeSpan.FromSeconds(1));
            var first = await receiving;
            return (connection, first);
        }

        public async Task<FakeGatewayConnection> ReadyAsync(long sequence = 1)
        {
            var (connection, identify) = await AcceptAsync();
            Assert.Equal(2, identify["op"]!.GetValue<int>());
            await connection.SendAsync(GatewayFixtures.Ready(ResumeUrl, sequence));
            return connection;
        }

        public int InteractionCount
        {
            get
            {
                lock (Interactions)
                {
                    return Interactions.Count;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var record in Logger.Collector.GetSnapshot())
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"{record.Level} {record.Message} {record.Exception?.GetType().Name} {record.Exception?.Message}");
            }

            await _stop.CancelAsync();
            await Running.WaitAsync(Bound);
            await Fake.DisposeAsync();
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task Connect_Hello_IdentifiesWithNoIntentsAndHeartbeats()
    {
        await using var h = await Harness.StartAsync();

        var (connection, identify) = await h.AcceptAsync();

        Assert.Contains("v=10", connection.Query, StringComparison.Ordinal);
        Assert.Contains("encoding=json", connection.Query, StringComparison.Ordinal);
        Assert.Equal(2, identify["op"]!.GetValue<int>());
        Assert.Equal(TestClients.Token, identify["d"]!["token"]!.GetValue<string>());
        Assert.Equal(0, identify["d"]!["intents"]!.GetValue<int>());
        Assert.NotNull(identify["d"]!["properties"]!["os"]);
        var heartbeat = await connection.HeartbeatAsync();
        Assert.Null(heartbeat["d"]);

        await connection.SendAsync(GatewayFixtures.Ready(h.ResumeUrl, 3));
        await connection.SendAsync(GatewayFixtures.Dispatch("GUILD_CREATE", new JsonObject { ["id"] = "1" }, 4));
        await h.Time.AdvanceUntilAsync(() => h.Shard.Sequence == 4, TimeSpan.FromMilliseconds(1), TimeSpan.Zero);
        h.Time.Advance(GatewayFixtures.HelloInterval);
        Assert.Equal(4, (await connection.HeartbeatAsync())["d"]!.GetValue<long>());
        Assert.Equal(GatewayFixtures.SessionId, h.Shard.SessionId);
    }

    [Fact]
    public async Task Close4000_ResumesOnResumeUrlAndReplaysMissedEvents()
    {
        await using var h = await Harness.StartAsync();
        var first = await h.ReadyAsync(sequence: 5);
        await h.Time.AdvanceUntilAsync(() => h.Shard.Sequence == 5, TimeSpan.FromMilliseconds(1), TimeSpan.Zero);

        await first.CloseAsync(4000);

        var (second, resume) = await h.AcceptAsync();
        Assert.Equal("/gateway/resume", second.Path);
        Assert.Equal(6, resume["op"]!.GetValue<int>());
        Assert.Equal(GatewayFixtures.SessionId, resume["d"]!["session_id"]!.GetValue<string>());
        Assert.Equal(5, resume["d"]!["seq"]!.GetValue<long>());
        Assert.Equal(TestClients.Token, resume["d"]!["token"]!.GetValue<string>());

        var interaction = InteractionFixtures.Command("story show", [("story", "S-1")]);
        await second.SendAsync(GatewayFixtures.Dispatch("INTERACTION_CREATE", interaction, 6));
        await second.SendAsync(GatewayFixtures.Dispatch("RESUMED", new JsonObject(), 7));
        await h.Time.AdvanceUntilAsync(() => h.InteractionCount == 1 && h.Shard.Sequence == 7, TimeSpan.FromMilliseconds(1), TimeSpan.Zero);

        Assert.Equal("786008729715212338", h.Interactions[0].GetProperty("id").GetString());
        Assert.Equal(1, h.Fake.ConnectionCount - 1);
    }

    [Fact]
    public async Task InvalidSessionNotResumable_WaitsThenIdentifiesAfresh()
    {
        await using var h = await Harness.StartAsync();
        var first = await h.ReadyAsync();
        await first.CloseAsync(4000);
        var (second, resume) = await h.AcceptAsync();
        Assert.Equal(6, resume["op"]!.GetValue<int>());

        await second.SendAsync(GatewayFixtures.InvalidSession(resumable: false));
        Assert.NotEqual(WebSocketCloseStatus.NormalClosure, await second.WaitClosedAsync());
        // The 1 s wait after op 9 (random 0) and the 0.5 s backoff (the RESUME never became healthy) need 1.5 s. The
        // limit leaves room for those waits being set up some steps late, yet stops the clock long before the third
        // socket's 30 s connect timeout (started at 1.5 s at the earliest; AcceptAsync moves at most 6 s more), which
        // unlimited 250 ms steps reach in 120 quiet polls while the connect runs in real time.
        var waited = await h.Time.AdvanceUntilAsync(() => h.Fake.ConnectionCount == 3, TimeSpan.FromMilliseconds(250), limit: TimeSpan.FromSeconds(5));

        var (third, identify) = await h.AcceptAsync();
        Assert.Equal("/gateway", third.Path);
        Assert.Equal(2, identify["op"]!.GetValue<int>());
        Assert.True(waited >= TimeSpan.FromSeconds(1), $"identified again after {waited}");
    }

    [Fact]
    public async Task InvalidSessionResumable_Resumes()
    {
        await using var h = await Harness.StartAsync();
        var first = await h.ReadyAsync();

        await first.SendAsync(GatewayFixtures.InvalidSession(resumable: true));

        var (_, resume) = await h.AcceptAsync();
        Assert.Equal(6, resume["op"]!.GetValue<int>());
    }

    [Fact]
    public async Task Reconnect_Op7_ClosesWithoutEndingSessionAndResumes()
    {
        await using var h = await Harness.StartAsync();
        var first = await h.ReadyAsync();

        await first.SendAsync(GatewayFixtures.Reconnect);

        var code = await first.WaitClosedAsync();
        Assert.NotEqual(WebSocketCloseStatus.NormalClosure, code);
        Assert.NotEqual(WebSocketCloseStatus.EndpointUnavailable, code);
        var (_, resume) = await h.AcceptAsync();
        Assert.Equal(6, resume["op"]!.GetValue<int>());
    }

    [Fact]
    public async Task NoHeartbeatAck_ZombieConnectionDroppedAndResumed()
    {
        await using var h = await Harness.StartAsync();
        var connection = await h.Fake.NextConnectionAsync();
        connection.AutoAck = false;
        await connection.SendAsync(GatewayFixtures.Hello);
        Assert.Equal(2, (await connection.ReceiveAsync())["op"]!.GetValue<int>());
        await connection.SendAsync(GatewayFixtures.Ready(h.ResumeUrl, 2));
        await connection.HeartbeatAsync();
        await h.Time.AdvanceUntilAsync(() => h.Shard.SessionId is not null, TimeSpan.FromMilliseconds(1), TimeSpan.Zero);

        // The zombie check fires a heartbeat interval after the first heartbeat, at 45 s in 5 s steps (later if its wait
        // was set up a step or more late). The clock stops soon after, at 60 s, so the resume's connect, which runs in
        // real time, never meets its 30 s connect timeout (75 s at the earliest; AcceptAsync moves at most 6 s more):
        // unlimited 5 s steps reach it in six quiet polls.
        await h.Time.AdvanceUntilAsync(() => h.Fake.ConnectionCount == 2, TimeSpan.FromSeconds(5), limit: GatewayFixtures.HelloInterval + TimeSpan.FromSeconds(15));

        Assert.NotEqual(WebSocketCloseStatus.NormalClosure, await connection.WaitClosedAsync());
        var (_, resume) = await h.AcceptAsync();
        Assert.Equal(6, resume["op"]!.GetValue<int>());
        Assert.Equal(2, resume["d"]!["seq"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(4004)]
    [InlineData(4013)]
    [InlineData(4014)]
    public async Task FatalCloseCode_StopsWithClearLogAndNoReconnect(int code)
    {
        var time = new FakeTimeProvider();
        await using var fake = await FakeDiscord.StartAsync(time);
        var logger = new FakeLogger();
        var shard = new GatewayShard(0, 1, new Uri(fake.GatewayUrl), TestClients.Token, new IdentifyLimiter(time, 1), (_, _) => Task.CompletedTask, time, () => 0, logger);
        var running = shard.RunAsync(TestContext.Current.CancellationToken);
        var connection = await fake.NextConnectionAsync();
        await connection.SendAsync(GatewayFixtures.Hello);
        await connection.ReceiveAsync();

        await connection.CloseAsync(code);

        Assert.Equal(GatewayOutcome.Fatal, await running.WaitAsync(Bound, TestContext.Current.CancellationToken));
        Assert.Equal(1, fake.ConnectionCount);
        var critical = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Critical);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), critical.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.Token, critical.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Close4009_IdentifiesANewSession()
    {
        await using var h = await Harness.StartAsync();
        var first = await h.ReadyAsync();

        await first.CloseAsync(4009);

        // A healthy session closed with 4009 reconnects at once: no fake time is needed, and moving it could fire the
        // new socket's connect timeout in the middle of its handshake.
        await h.Time.AdvanceUntilAsync(() => h.Fake.ConnectionCount == 2, TimeSpan.FromMilliseconds(250), limit: TimeSpan.Zero);

        var (second, identify) = await h.AcceptAsync();
        Assert.Equal("/gateway", second.Path);
        Assert.Equal(2, identify["op"]!.GetValue<int>());
    }

    [Fact]
    public async Task MalformedAndUnknownFrames_SkippedWithoutDroppingTheConnection()
    {
        await using var h = await Harness.StartAsync();
        var connection = await h.ReadyAsync();

        await connection.SendAsync("this is not json");
        await connection.SendAsync("""[1,2,3]""");
        await connection.SendAsync("""{"op":99,"d":{"what":"new"}}""");
        await connection.SendAsync("""{"op":0,"t":"INTERACTION_CREATE","s":2,"d":null}""");
        await connection.SendAsync(GatewayFixtures.Dispatch("INTERACTION_CREATE", InteractionFixtures.Command("help"), 3));
        await h.Time.AdvanceUntilAsync(() => h.InteractionCount == 1, TimeSpan.FromMilliseconds(1), TimeSpan.Zero);

        Assert.Equal(1, h.Fake.ConnectionCount);
        Assert.Equal(3, h.Shard.Sequence);
    }
}

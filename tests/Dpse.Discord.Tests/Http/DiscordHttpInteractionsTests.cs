using System.Net;
using System.Text.Json.Nodes;
using Dpse.Core.Messages;
using Dpse.Discord.Tests.Fakes;
using Dpse.Testing;
using NSec.Cryptography;

namespace Dpse.Discord.Tests.Http;

/// <summary>POST /discord/interactions with real Ed25519 signatures, through the real core router.</summary>
public sealed class DiscordHttpInteractionsTests
{
    private const string Ping = """{"id":"100000000000000009","application_id":"352205866889641984","type":1,"token":"PING_TOKEN","version":1}""";

    [Fact]
    public async Task Ping_SignedByTheAppKey_AnsweredWithPong()
    {
        using var exchange = TestExchange.Create();
        await using var harness = await HttpInteractionsHarness.StartAsync(exchange.Dispatcher, exchange.Time);

        var response = await harness.PostSignedAsync(Ping);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"type":1}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Ping_WithoutSignature_Refused401()
    {
        using var exchange = TestExchange.Create();
        await using var harness = await HttpInteractionsHarness.StartAsync(exchange.Dispatcher, exchange.Time);

        var noHeaders = await harness.PostAsync(Ping, signature: null, timestamp: null);
        var notHex = await harness.PostAsync(Ping, signature: new string('z', 128), timestamp: exchange.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(HttpStatusCode.Unauthorized, noHeaders.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, notHex.StatusCode);
    }

    [Fact]
    public async Task Ping_SignedByAnotherKey_Refused401()
    {
        using var exchange = TestExchange.Create();
        await using var harness = await HttpInteractionsHarness.StartAsync(exchange.Dispatcher, exchange.Time);
        using var stranger = Key.Create(SignatureAlgorithm.Ed25519);

        var response = await harness.PostSignedAsync(Ping, signer: stranger);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Command_BodyChangedAfterSigning_Refused401AndNotRun()
    {
        using var exchange = TestExchange.Create();
        await using var harness = await HttpInteractionsHarness.StartAsync(exchange.Dispatcher, exchange.Time);
        var signed = InteractionFixtures.Command("story share", [("outcome", "failure"), ("title", "Signed title"), ("summary", "s"), ("lessons", "l")]).ToJsonString();
        var tampered = signed.Replace("Signed title", "Forged title", StringComparison.Ordinal);

        var response = await harness.PostSignedAsync(signed, bodySent: tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("No stories yet.", await exchange.RunTextAsync("story list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_TimestampSixMinutesOld_Refused401()
    {
        using var exchange = TestExchange.Create();
        await using var harness = await HttpInteractionsHarness.StartAsync(exchange.Dispatcher, exchange.Time);

        var stale = await harness.PostSignedAsync(Ping, at: exchange.Time.GetUtcNow().AddMinutes(-6));
        var fresh = await harness.PostSignedAsync(Ping, at: exchange.Time.GetUtcNow().AddMinutes(-4));

        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task Command_ReplayedWithTheSameSignature_RunsOnce()
    {
        using var exchange = TestExchange.Create();
        await using var harness = await HttpInteractionsHarness.StartAsync(exchange.Dispatcher, exchange.Time);
        var body = InteractionFixtures.Command("story share", [("outcome", "success"), ("title", "Once only"), ("summary", "s"), ("lessons", "l")]).ToJsonString();
        var timestamp = exchange.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(SignatureAlgorithm.Ed25519.Sign(harness.Key, System.Text.Encoding.UTF8.GetBytes(timestamp + body)));

        var first = await harness.PostAsync(body, signature, timestamp);
        var replay = await harness.PostAsync(body, signature, timestamp);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("1 stor", await exchange.RunTextAsync("story list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlashCommand_OverHttp_RunsThroughTheCoreAndTheCardIsTheResponse()
    {
        using var exchange = TestExchange.Create();
        await using var harness = await HttpInteractionsHarness.StartAsync(exchange.Dispatcher, exchange.Time, exchange.Completions);
        var share = InteractionFixtures.Command("story share", [("outcome", "failure"), ("title", "Search rebuild @everyone"), ("summary", "We tried Solr"), ("lessons", "Start small")]);

        var response = await harness.PostSignedAsync(share.ToJsonString());
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, json["type"]!.GetValue<int>());
        var data = json["data"]!.ToJsonString();
        Assert.Contains("Search rebuild", data, StringComparison.Ordinal);
        Assert.Contains("Start small", data, StringComparison.Ordinal);
        Assert.Equal("""{"parse":[]}""", json["data"]!["allowed_mentions"]!.ToJsonString());
        Assert.Contains("Search rebuild", await exchange.RunTextAsync("story list"), StringComparison.Ordinal);
        Assert.Empty(harness.Discord.Requests(r => r.Path.EndsWith("/callback", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SlashCommand_MissingLongFields_FormIsTheResponse()
    {
        using var exchange = TestExchange.Create();
        await using var harness = await HttpInteractionsHarness.StartAsync(exchange.Dispatcher, exchange.Time);
        var partial = InteractionFixtures.Command("story share", [("outcome", "success"), ("org", "Anytown Council")]);

        var response = await harness.PostSignedAsync(partial.ToJsonString());
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        Assert.Equal(9, json["type"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(json["data"]!["custom_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task SlowCommand_OverHttp_DeferredInTheResponseThenTheOriginalEdited()
    {
        var release = new TaskCompletionSource<Reply>(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = new FakeDispatcher { OnRequest = (_, _) => release.Task };
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestExchange.DefaultStart);
        await using var harness = await HttpInteractionsHarness.StartAsync(dispatcher, clock);
        var command = InteractionFixtures.Command("story list", id: "100000000000000077");

        var posted = harness.PostSignedAsync(command.ToJsonString());
        for (var i = 0; i < 6000 && !posted.IsCompleted; i++) // about a minute at most: a cold, loaded start can take seconds
        {
            // The handler's 2 s budget runs on the fake clock; step it until the deferral comes back.
            await Task.WhenAny(posted, Task.Delay(10, TestContext.Current.CancellationToken));
            if (!posted.IsCompleted && dispatcher.Requests.Count > 0)
            {
                clock.Advance(TimeSpan.FromMilliseconds(250));
            }
        }

        var response = await posted.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var deferral = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        release.SetResult(Reply.Public(Message.Simple("Stories", "The slow answer")));
        var edit = await harness.Discord.NextRequestAsync(r => r.Method == "PATCH");

        Assert.Equal(5, deferral["type"]!.GetValue<int>());
        Assert.Equal($"/webhooks/{TestClients.ApplicationId}/A_UNIQUE_TOKEN_100000000000000077/messages/@original", edit.Path);
        Assert.Contains("The slow answer", edit.Body, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dpse.Core.Duplicates;
using Dpse.Slack.Http;
using Dpse.Slack.Tests.Fakes;
using Dpse.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Slack.Tests.Http;

/// <summary>POST /slack/events with real Slack v0 signatures, through the real core router.</summary>
public sealed class SlackHttpEventsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string AllText(JsonNode? node) => node switch
    {
        JsonObject o => string.Join(' ', o.Select(p => AllText(p.Value))),
        JsonArray a => string.Join(' ', a.Select(AllText)),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => "",
    };

    [Fact]
    public async Task Verify_SlacksOwnWorkedExample_Accepted()
    {
        Assert.SkipWhen(SharedSamples.Absent, "../shared/platform/slack is absent: Slack's worked signing example is not available.");
        var example = SharedSamples.Load("signing/slack-docs-signing-example.json");
        var body = File.ReadAllBytes(Path.Combine(SharedSamples.SlackDir, "slash-command", "slash-command.form-body.slack-docs-example.txt"));
        var timestamp = example["x_slack_request_timestamp"]!.GetValue<string>();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture)).AddSeconds(30));
        var options = Options.Create(new SlackOptions { SigningSecret = example["signing_secret"]!.GetValue<string>() });

        var signature = new SlackRequestSignature(options, new InMemoryOnceKeys(), clock, NullLogger<SlackRequestSignature>.Instance);

        Assert.True(await signature.VerifyAsync(example["x_slack_signature"]!.GetValue<string>(), timestamp, body, Ct));
        Assert.False(await new SlackRequestSignature(options, new InMemoryOnceKeys(), clock, NullLogger<SlackRequestSignature>.Instance)
            .VerifyAsync(example["x_slack_signature"]!.GetValue<string>().Replace("a2114d", "a2114e", StringComparison.Ordinal), timestamp, body, Ct));
    }

    [Fact]
    public async Task SlashCommand_SignedBySlack_RunsThroughTheCoreAndTheReplyIsTheResponse()
    {
        using var exchange = TestExchange.Create();
        await using var h = await SlackHttpHarness.StartAsync(exchange.Dispatcher, exchange.Time, Ct);
        var text = "story share outcome:failure title:\"Search rebuild stalled\" summary:\"The Solr index <!channel> stalled.\" lessons:\"Test early.\"";

        var response = await h.PostSignedAsync(SlackHttpHarness.SlashCommand(text, h.Slack.ResponseUrl("1")));
        var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shown = AllText(reply);
        Assert.Contains("Search rebuild stalled", shown, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt;", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", reply.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Search rebuild stalled", await exchange.RunTextAsync("story list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlashCommand_WithoutSignature_Refused401AndNotRun()
    {
        using var exchange = TestExchange.Create();
        await using var h = await SlackHttpHarness.StartAsync(exchange.Dispatcher, exchange.Time, Ct);
        var body = SlackHttpHarness.SlashCommand("story share outcome:success title:Unsigned summary:s lessons:l", h.Slack.ResponseUrl("1"));

        var missing = await h.PostAsync(body, signature: null, timestamp: null);
        var noTimestamp = await h.PostAsync(body, SlackHttpHarness.Sign(SlackHttpHarness.SigningSecret, "0", body), timestamp: null);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noTimestamp.StatusCode);
        Assert.Contains("No stories yet.", await exchange.RunTextAsync("story list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlashCommand_SignedWithAnotherSecret_Refused401()
    {
        using var exchange = TestExchange.Create();
        await using var h = await SlackHttpHarness.StartAsync(exchange.Dispatcher, exchange.Time, Ct);

        var response = await h.PostSignedAsync(SlackHttpHarness.SlashCommand("help", h.Slack.ResponseUrl("1")), secret: "another-apps-signing-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SlashCommand_TextChangedAfterSigning_Refused401AndNotRun()
    {
        using var exchange = TestExchange.Create();
        await using var h = await SlackHttpHarness.StartAsync(exchange.Dispatcher, exchange.Time, Ct);
        var signed = SlackHttpHarness.SlashCommand("story share outcome:success title:Signed summary:s lessons:l", h.Slack.ResponseUrl("1"));

        var response = await h.PostSignedAsync(signed, bodySent: signed.Replace("Signed", "Forged", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("No stories yet.", await exchange.RunTextAsync("story list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlashCommand_TimestampSixMinutesAway_Refused401()
    {
        using var exchange = TestExchange.Create();
        await using var h = await SlackHttpHarness.StartAsync(exchange.Dispatcher, exchange.Time, Ct);

        var old = await h.PostSignedAsync(SlackHttpHarness.SlashCommand("help", h.Slack.ResponseUrl("1")), at: exchange.Time.GetUtcNow().AddMinutes(-6));
        var future = await h.PostSignedAsync(SlackHttpHarness.SlashCommand("help", h.Slack.ResponseUrl("2")), at: exchange.Time.GetUtcNow().AddMinutes(6));
        var inWindow = await h.PostSignedAsync(SlackHttpHarness.SlashCommand("help", h.Slack.ResponseUrl("3")), at: exchange.Time.GetUtcNow().AddMinutes(-4));

        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, future.StatusCode);
        Assert.Equal(HttpStatusCode.OK, inWindow.StatusCode);
    }

    [Fact]
    public async Task SlashCommand_ReplayedWithTheSameSignature_RunsOnce()
    {
        using var exchange = TestExchange.Create();
        await using var h = await SlackHttpHarness.StartAsync(exchange.Dispatcher, exchange.Time, Ct);
        var body = SlackHttpHarness.SlashCommand("story share outcome:success title:\"Once only\" summary:s lessons:l", h.Slack.ResponseUrl("1"));
        var timestamp = exchange.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = SlackHttpHarness.Sign(SlackHttpHarness.SigningSecret, timestamp, body);

        var first = await h.PostAsync(body, signature, timestamp);
        var replay = await h.PostAsync(body, signature, timestamp);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("1 stor", await exchange.RunTextAsync("story list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlashCommand_ReplayedToAnotherInstanceOnTheSameStore_Refused()
    {
        var store = new InMemoryOnceKeys();
        var clock = new FakeTimeProvider(SlackHarness.Start);
        var first = new FakeDispatcher();
        var second = new FakeDispatcher();
        await using var one = await SlackHttpHarness.StartAsync(first, clock, Ct, store);
        await using var two = await SlackHttpHarness.StartAsync(second, clock, Ct, store);
        var body = SlackHttpHarness.SlashCommand("story list", one.Slack.ResponseUrl("1"));
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = SlackHttpHarness.Sign(SlackHttpHarness.SigningSecret, timestamp, body);

        var accepted = await one.PostAsync(body, signature, timestamp);
        var replayed = await two.PostAsync(body, signature, timestamp);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Single(first.Calls.Snapshot());
        Assert.Empty(second.Calls.Snapshot());
    }

    [Fact]
    public async Task FormAndButton_OverHttp_ViewOpensSubmissionErrorsInlineAndButtonUpdatesTheCard()
    {
        using var exchange = TestExchange.Create();
        await using var h = await SlackHttpHarness.StartAsync(exchange.Dispatcher, exchange.Time, Ct);

        var command = await h.PostSignedAsync(SlackHttpHarness.SlashCommand("story share outcome:failure title:\"Search rebuild\"", h.Slack.ResponseUrl("1")));
        var opened = await h.Slack.Calls.WaitAsync(c => c.Method == "views.open", Ct);
        var metadata = opened.Body["view"]!["private_metadata"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, command.StatusCode);

        var tooLong = Envelopes.ViewSubmission("x", metadata, new Dictionary<string, string> { ["title"] = "Search rebuild", ["summary"] = new string('s', 1200) })["payload"]!;
        var rejected = await h.PostSignedAsync(SlackHttpHarness.Interaction(tooLong));
        var errors = JsonNode.Parse(await rejected.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("errors", errors["response_action"]!.GetValue<string>());
        Assert.StartsWith("Summary is too long", errors["errors"]!["summary"]!.GetValue<string>(), StringComparison.Ordinal);

        var good = Envelopes.ViewSubmission("y", metadata, new Dictionary<string, string> { ["title"] = "Search rebuild", ["summary"] = "Stalled.", ["lessons"] = "Test early." })["payload"]!;
        var accepted = await h.PostSignedAsync(SlackHttpHarness.Interaction(good));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("", await accepted.Content.ReadAsStringAsync(Ct));
        var shared = await h.Slack.Calls.WaitAsync(c => c.Method is "chat.postMessage" or "chat.postEphemeral", Ct);
        Assert.Contains("S-1", AllText(shared.Body), StringComparison.Ordinal);

        var press = Envelopes.BlockAction("z", "dpse:celebrate:1", h.Slack.ResponseUrl("4"), user: "U222")["payload"]!;
        var pressed = await h.PostSignedAsync(SlackHttpHarness.Interaction(press));
        Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
        var update = await h.Slack.Calls.WaitAsync(c => c.Sequence > shared.Sequence && c.Method is "chat.update" or "response_url:4", Ct);
        Assert.Contains("Celebrate (1)", AllText(update.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UrlVerification_Signed_EchoesTheChallenge()
    {
        using var exchange = TestExchange.Create();
        await using var h = await SlackHttpHarness.StartAsync(exchange.Dispatcher, exchange.Time, Ct);
        const string body = """{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""";
        var timestamp = exchange.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, SlackEndpoints.EventsPath) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Slack-Signature", SlackHttpHarness.Sign(SlackHttpHarness.SigningSecret, timestamp, body));
        request.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", timestamp);

        var response = await h.Client.SendAsync(request, Ct);

        Assert.Equal("""{"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}""", await response.Content.ReadAsStringAsync(Ct));
    }
}

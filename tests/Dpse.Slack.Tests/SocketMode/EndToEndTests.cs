using System.Text.Json.Nodes;
using Dpse.Slack.Tests.Fakes;
using Dpse.Testing;

namespace Dpse.Slack.Tests.SocketMode;

/// <summary>The adapter over the real CommandRouter and in-memory stores: what a Slack member sees, end to end.</summary>
public class EndToEndTests
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
    public async Task ShareThroughModal_InlineError_Share_CelebrateByButton_Show()
    {
        using var exchange = TestExchange.Create();
        await using var h = await SlackHarness.CreateAsync(Ct, dispatcher: exchange.Dispatcher);
        var socket = await h.StartSocketAsync(Ct);

        await socket.SendAsync(Envelopes.SlashCommand("e1", "story share outcome:failure title:\"Search rebuild stalled\" org:\"Anytown Council\"", h.Slack.ResponseUrl("1")));
        var opened = await h.Slack.Calls.WaitAsync(c => c.Method == "views.open", Ct);
        await socket.WaitForAckAsync("e1", Ct);
        var metadata = opened.Body["view"]!["private_metadata"]!.GetValue<string>();

        await socket.SendAsync(Envelopes.ViewSubmission("e2", metadata, new Dictionary<string, string> { ["title"] = "Search rebuild stalled", ["summary"] = new string('s', 1200) }));
        var rejected = await socket.WaitForAckAsync("e2", Ct);
        var error = rejected["payload"]!["errors"]!["summary"]!.GetValue<string>();
        Assert.StartsWith("Summary is too long (1200 characters; at most 1000)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage", error, StringComparison.Ordinal);

        await socket.SendAsync(Envelopes.ViewSubmission("e3", metadata, new Dictionary<string, string>
        {
            ["title"] = "Search rebuild stalled",
            ["summary"] = "The Solr index <!channel> stalled for weeks.",
            ["lessons"] = "Test the index early.",
        }));
        var accepted = await socket.WaitForAckAsync("e3", Ct);
        Assert.Null(accepted["payload"]);
        var shared = await h.Slack.Calls.WaitAsync(c => c.Method is "chat.postMessage" or "chat.postEphemeral", Ct);
        Assert.Contains("S-1", AllText(shared.Body), StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", shared.Body.ToJsonString(), StringComparison.Ordinal);

        await socket.SendAsync(Envelopes.BlockAction("e4", "dpse:celebrate:1", h.Slack.ResponseUrl("4"), user: "U222"));
        await socket.WaitForAckAsync("e4", Ct);
        await h.Slack.Calls.WaitAsync(c => c.Sequence > shared.Sequence && c.Method is "chat.update" or "response_url:4" or "chat.postEphemeral", Ct);

        await socket.SendAsync(Envelopes.SlashCommand("e5", "story show S-1", h.Slack.ResponseUrl("5")));
        var shown = await socket.WaitForAckAsync("e5", Ct);
        var text = AllText(shown["payload"]);
        Assert.Contains("Search rebuild stalled", text, StringComparison.Ordinal);
        Assert.Contains("Celebrate (1)", text, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt;", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_ErrorReplyEphemeralInTheAck()
    {
        using var exchange = TestExchange.Create();
        await using var h = await SlackHarness.CreateAsync(Ct, dispatcher: exchange.Dispatcher);
        var socket = await h.StartSocketAsync(Ct);

        await socket.SendAsync(Envelopes.SlashCommand("u1", "frobnicate <!here>", h.Slack.ResponseUrl("u")));
        var ack = await socket.WaitForAckAsync("u1", Ct);

        Assert.Equal("ephemeral", ack["payload"]!["response_type"]!.GetValue<string>());
        Assert.StartsWith(":x: Unknown command", ack["payload"]!["blocks"]![0]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("<!here>", ack.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_EveryCardRendersWithinSlackLimits()
    {
        using var exchange = TestExchange.Create();
        await using var h = await SlackHarness.CreateAsync(Ct, dispatcher: exchange.Dispatcher);
        var socket = await h.StartSocketAsync(Ct);

        await socket.SendAsync(Envelopes.SlashCommand("h1", "help", h.Slack.ResponseUrl("h")));
        var ack = await socket.WaitForAckAsync("h1", Ct);

        var blocks = ack["payload"]!["blocks"]!.AsArray();
        Assert.InRange(blocks.Count, 1, Dpse.Slack.Rendering.SlackLimits.BlocksPerMessage);
        Assert.Contains("story share", AllText(blocks), StringComparison.Ordinal);
    }
}

using Dpse.Core.Commands;
using Dpse.Core.Messages;
using Dpse.Slack.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dpse.Slack.Tests.SocketMode;

public class SocketModeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SlashCommand_QuickReply_RidesInTheAckAsEphemeralMessage()
    {
        await using var h = await SlackHarness.CreateAsync(Ct);
        var socket = await h.StartSocketAsync(Ct);

        // The clock never moves: the reply must ride the ack without the two-second fallback, and only there.
        await socket.SendAsync(Envelopes.SlashCommand("env-1", "story show S-1", h.Slack.ResponseUrl("r1")));
        var ack = await socket.WaitForAckAsync("env-1", Ct);

        await h.Service.StopAsync(Ct); // waits for the handler's work after the ack, so a second post would be seen
        Assert.DoesNotContain(h.Slack.Calls.Snapshot(), c => c.Method.StartsWith("response_url", StringComparison.Ordinal) || c.Method == "chat.postMessage");
        Assert.Equal("ephemeral", ack["payload"]!["response_type"]!.GetValue<string>());
        Assert.Equal("ran story show S-1", ack["payload"]!["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal("ran story show S-1", ack["payload"]!["text"]!.GetValue<string>());
        var call = Assert.Single(h.Dispatcher.Calls.Snapshot());
        Assert.Equal(("text", "story show S-1"), (call.Kind, call.Text));
        Assert.Equal(new("slack", "T111", "U111"), call.Actor.Ref);
        Assert.False(call.Actor.IsModerator);
        Assert.Equal(new("slack", "T111", "C111"), call.Place);
    }

    [Fact]
    public async Task SlashCommand_ChannelReplyFromModerator_InChannel()
    {
        await using var h = await SlackHarness.CreateAsync(Ct);
        h.Dispatcher.OnText = (_, actor, _) => Task.FromResult(Reply.Public(Message.Line(actor.IsModerator ? "moderator" : "member")));
        var socket = await h.StartSocketAsync(Ct);

        await socket.SendAsync(Envelopes.SlashCommand("env-1", "digest preview", h.Slack.ResponseUrl("r1"), user: "UMOD"));
        var ack = await socket.WaitForAckAsync("env-1", Ct);

        Assert.Equal("in_channel", ack["payload"]!["response_type"]!.GetValue<string>());
        Assert.Equal("moderator", ack["payload"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task SlashCommand_SlowCommand_AckedEmptyAtTwoSeconds_ReplyViaResponseUrl()
    {
        await using var h = await SlackHarness.CreateAsync(Ct);
        var release = new TaskCompletionSource<Reply>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Dispatcher.OnText = (_, _, ct) => release.Task.WaitAsync(ct);
        var socket = await h.StartSocketAsync(Ct);

        await socket.SendAsync(Envelopes.SlashCommand("env-slow", "story search solr", h.Slack.ResponseUrl("slow")));
        await h.Dispatcher.Calls.WaitAsync(c => c.Text == "story search solr", Ct);
        Assert.Equal(0, socket.Received.Count);
        h.Clock.Advance(TimeSpan.FromSeconds(2));
        var ack = await socket.WaitForAckAsync("env-slow", Ct);
        release.SetResult(Reply.Public(Message.Line("3 stories found")));
        var posted = await h.Slack.Calls.WaitAsync(c => c.Method == "response_url:slow", Ct);

        Assert.Null(ack["payload"]);
        Assert.Equal("in_channel", posted.Str("response_type"));
        Assert.Equal("3 stories found", posted.Str("text"));
        Assert.False(posted.Body["replace_original"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Button_CardReplaced_WithChatUpdateOfThatMessage()
    {
        await using var h = await SlackHarness.CreateAsync(Ct);
        h.Dispatcher.OnAction = (id, _, _) => Task.FromResult(new Reply(Message.Simple("Story S-1", "Celebrated 4 times"), Visibility.Channel) { ReplacesCard = true });
        var socket = await h.StartSocketAsync(Ct);

        await socket.SendAsync(Envelopes.BlockAction("env-b", ActionIds.Celebrate(1), h.Slack.ResponseUrl("b"), messageTs: "1605853634.000400"));
        var ack = await socket.WaitForAckAsync("env-b", Ct);
        var update = await h.Slack.Calls.WaitAsync(c => c.Method == "chat.update", Ct);

        Assert.Equal(["envelope_id"], ack.Select(p => p.Key));
        Assert.Equal(("C111", "1605853634.000400"), (update.Str("channel"), update.Str("ts")));
        Assert.Equal("Celebrated 4 times", update.Body["blocks"]![1]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal(("action", "dpse:celebrate:1"), (h.Dispatcher.Calls.Snapshot()[0].Kind, h.Dispatcher.Calls.Snapshot()[0].Text));
    }

    [Fact]
    public async Task Button_OnEphemeralCard_ReplacedThroughResponseUrl()
    {
        await using var h = await SlackHarness.CreateAsync(Ct);
        h.Dispatcher.OnAction = (_, _, _) => Task.FromResult(new Reply(Message.Line("Going"), Visibility.OnlyInvoker) { ReplacesCard = true });
        var socket = await h.StartSocketAsync(Ct);

        await socket.SendAsync(Envelopes.BlockAction("env-e", "dpse:rsvp:3:going", h.Slack.ResponseUrl("e"), ephemeral: true));
        var posted = await h.Slack.Calls.WaitAsync(c => c.Method == "response_url:e", Ct);

        Assert.True(posted.Body["replace_original"]!.GetValue<bool>());
        Assert.Equal("Going", posted.Str("text"));
        await h.Service.StopAsync(Ct); // waits for the handler's work after the ack, so a second post would be seen
        Assert.DoesNotContain(h.Slack.Calls.Snapshot(), c => c.Method == "chat.update");
    }

    [Fact]
    public async Task Modal_OpenedFromCommand_FieldErrorInline_ThenSubmittedAndPosted()
    {
        await using var h = await SlackHarness.CreateAsync(Ct);
        var spec = CommandCatalogue.StoryShare;
        h.Dispatcher.OnText = (_, _, _) => Task.FromResult(new Reply(Message.Line("form"), Visibility.OnlyInvoker)
        {
            Form = new FormRequest(spec, spec.Form!, new Dictionary<string, string> { ["outcome"] = "failure", ["title"] = "Search rebuild" }),
        });
        var submissions = 0;
        h.Dispatcher.OnRequest = (request, _) => Task.FromResult(++submissions == 1
            ? Reply.Error(new ReplyError(ReplyErrorKind.InvalidOption, "summary: must be at most 1000 characters (you gave 1200).") { Option = "summary", Usage = "/dpse story share title:<text> ..." })
            : Reply.Public(Message.Simple("S-7 shared", request.Options["summary"])));
        var socket = await h.StartSocketAsync(Ct);

        await socket.SendAsync(Envelopes.SlashCommand("env-c", "story share outcome:failure title:\"Search rebuild\"", h.Slack.ResponseUrl("c")));
        var opened = await h.Slack.Calls.WaitAsync(c => c.Method == "views.open", Ct);
        var view = opened.Body["view"]!.AsObject();
        var blockIds = view["blocks"]!.AsArray().Select(b => b!["block_id"]!.GetValue<string>()).ToList();
        Assert.Equal("111.222.xxx", opened.Str("trigger_id"));
        Assert.Equal(["title", "summary", "lessons", "context", "happened"], blockIds);
        Assert.Equal("Search rebuild", view["blocks"]![0]!["element"]!["initial_value"]!.GetValue<string>());
        Assert.True(view["blocks"]![1]!["element"]!["multiline"]!.GetValue<bool>());
        var metadata = view["private_metadata"]!.GetValue<string>();

        await socket.SendAsync(Envelopes.ViewSubmission("env-v1", metadata, new Dictionary<string, string> { ["title"] = "Search rebuild", ["summary"] = new string('s', 1200) }));
        var rejected = await socket.WaitForAckAsync("env-v1", Ct);
        Assert.Equal("errors", rejected["payload"]!["response_action"]!.GetValue<string>());
        Assert.StartsWith("summary: must be at most 1000", rejected["payload"]!["errors"]!["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", rejected["payload"]!["errors"]!["summary"]!.GetValue<string>(), StringComparison.Ordinal); // the form needs the error only

        await socket.SendAsync(Envelopes.ViewSubmission("env-v2", metadata, new Dictionary<string, string> { ["title"] = "Search rebuild", ["summary"] = "Solr index <!channel> stalled" }));
        var accepted = await socket.WaitForAckAsync("env-v2", Ct);
        var post = await h.Slack.Calls.WaitAsync(c => c.Method == "chat.postMessage", Ct);

        Assert.Null(accepted["payload"]);
        Assert.Equal("C111", post.Str("channel"));
        Assert.Equal("Solr index &lt;!channel&gt; stalled", post.Body["blocks"]![1]!["text"]!["text"]!.GetValue<string>());
        var request = h.Dispatcher.Calls.Snapshot().Last().Request!;
        Assert.Equal("story share", request.Path.Value);
        Assert.Equal("failure", request.Options["outcome"]);
        Assert.False(request.CanOpenForms);
    }

    [Fact]
    public async Task Disconnect_RefreshRequested_NextSocketOpenedBeforeOldCloses_NoEnvelopeLost()
    {
        await using var h = await SlackHarness.CreateAsync(Ct);
        var first = await h.StartSocketAsync(Ct);
        h.Slack.HoldNextHello();

        await first.SendAsync("""{"type":"disconnect","reason":"refresh_requested","debug_info":{"host":"applink-fake"}}""");
        var second = await h.Slack.Sockets.WaitAsync(s => s.Number == 2, Ct);
        // While the next socket has not said hello, the old one still delivers and takes acks.
        await first.SendAsync(Envelopes.SlashCommand("during-gap", "help", h.Slack.ResponseUrl("g")));
        var gapAck = await first.WaitForAckAsync("during-gap", Ct);
        Assert.False(first.Closed.IsCompleted);
        h.Slack.ReleaseHello();
        await first.Closed.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await second.SendAsync(Envelopes.SlashCommand("after", "story list", h.Slack.ResponseUrl("a")));
        await second.WaitForAckAsync("after", Ct);

        Assert.Equal("ran help", gapAck["payload"]!["text"]!.GetValue<string>());
        Assert.Equal(["help", "story list"], h.Dispatcher.Calls.Snapshot().Select(c => c.Text));
        var events = h.Slack.SocketEvents.Snapshot();
        Assert.True(events.ToList().IndexOf("hello:2") < events.ToList().IndexOf("closed:1"), string.Join(", ", events));
        Assert.Equal(2, h.Slack.Calls.Snapshot().Count(c => c.Method == "apps.connections.open"));
    }

    [Fact]
    public async Task DroppedSocket_Reconnected_AndDeliveriesResume()
    {
        await using var h = await SlackHarness.CreateAsync(Ct);
        var first = await h.StartSocketAsync(Ct);

        first.Abort();
        var second = await h.Slack.Sockets.WaitAsync(s => s.Number == 2, Ct);
        await h.Slack.SocketEvents.WaitAsync(e => e == "hello:2", Ct);
        await second.SendAsync(Envelopes.SlashCommand("after-drop", "help", h.Slack.ResponseUrl("d")));
        var ack = await second.WaitForAckAsync("after-drop", Ct);

        Assert.Equal("ran help", ack["payload"]!["text"]!.GetValue<string>());
        Assert.Equal(2, h.Slack.Calls.Snapshot().Count(c => c.Method == "apps.connections.open"));
        Assert.All(h.Slack.Calls.Snapshot().Where(c => c.Method == "apps.connections.open"), c => Assert.Equal("Bearer xapp-test-app-token", c.Authorization));
    }

    [Fact]
    public async Task RetriedEnvelope_AckedTwice_HandledOnce()
    {
        await using var h = await SlackHarness.CreateAsync(Ct);
        var socket = await h.StartSocketAsync(Ct);
        var envelope = Envelopes.SlashCommand("env-retry", "story celebrate S-1", h.Slack.ResponseUrl("x"));

        await socket.SendAsync(envelope);
        await socket.WaitForAckAsync("env-retry", Ct);
        envelope["retry_attempt"] = 1;
        envelope["retry_reason"] = "timeout";
        await socket.SendAsync(envelope);
        await socket.SendAsync(Envelopes.SlashCommand("env-next", "help", h.Slack.ResponseUrl("y")));
        await socket.WaitForAckAsync("env-next", Ct);

        // The claim is store I/O off the read loop, so the retry's ack may follow the next envelope's.
        await socket.Received.WaitCountAsync(m => m["envelope_id"]!.GetValue<string>() == "env-retry", 2, Ct);
        await h.Service.StopAsync(Ct);
        Assert.Equal(2, socket.Received.Snapshot().Count(m => m["envelope_id"]!.GetValue<string>() == "env-retry"));
        Assert.Equal(["story celebrate S-1", "help"], h.Dispatcher.Calls.Snapshot().Select(c => c.Text));
    }

    [Fact]
    public async Task MalformedFrames_LoggedAndSkipped_ConnectionKeepsWorking()
    {
        await using var h = await SlackHarness.CreateAsync(Ct);
        var socket = await h.StartSocketAsync(Ct);

        await socket.SendAsync("{not json");
        await socket.SendAsync("""{"type":"slash_commands","payload":{}}""");
        await socket.SendAsync("""{"envelope_id":"no-payload","type":"slash_commands"}""");
        await socket.SendAsync(Envelopes.SlashCommand("fine", "help", h.Slack.ResponseUrl("f")));
        await socket.WaitForAckAsync("fine", Ct);

        Assert.Equal(["help"], h.Dispatcher.Calls.Snapshot().Select(c => c.Text));
        Assert.Contains(h.Logs.GetSnapshot(), r => r.Message.Contains("malformed", StringComparison.Ordinal));
        Assert.NotNull(await socket.WaitForAckAsync("no-payload", Ct));
    }

    [Fact]
    public async Task InvalidAuthAtStart_AdapterStopsWithClearMessage_NoConnectionLoop()
    {
        await using var h = await SlackHarness.CreateAsync(Ct, slack => slack.Script("auth.test", 200, """{"ok":false,"error":"invalid_auth"}"""));
        foreach (var hosted in h.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>())
        {
            await hosted.StartAsync(Ct);
        }

        var reason = await h.Service.Stopped.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Contains("invalid_auth", reason, StringComparison.Ordinal);
        Assert.Contains("Dpse__Slack__BotToken", reason, StringComparison.Ordinal);
        var critical = Assert.Single(h.Logs.GetSnapshot(), r => r.Level == LogLevel.Critical);
        Assert.Contains("invalid_auth", critical.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("xoxb-test", critical.Message, StringComparison.Ordinal);
        Assert.Equal(["auth.test"], h.Slack.Calls.Snapshot().Select(c => c.Method));
    }

    [Fact]
    public async Task SlashCommand_InjectionInEchoedUserText_RenderedHarmless()
    {
        await using var h = await SlackHarness.CreateAsync(Ct);
        h.Dispatcher.OnText = (text, _, _) => Task.FromResult(Reply.Public(new Message([new HeaderBlock(text), TextBlock.Plain(text)]) { FallbackText = text }));
        var socket = await h.StartSocketAsync(Ct);

        await socket.SendAsync(Envelopes.SlashCommand("env-i", "<!channel> <@U999> <!subteam^S1> <https://evil.example|https://gov.uk>", h.Slack.ResponseUrl("i")));
        var ack = await socket.WaitForAckAsync("env-i", Ct);

        var json = ack["payload"]!.ToJsonString();
        Assert.DoesNotContain("<!", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<@", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<https", json, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt;", ack["payload"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}

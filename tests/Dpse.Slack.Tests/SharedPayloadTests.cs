using System.Text.Json.Nodes;
using Dpse.Core.Messages;
using Dpse.Slack.Rendering;
using Dpse.Slack.Tests.Fakes;
using Dpse.Slack.WebApi;

namespace Dpse.Slack.Tests;

/// <summary>Drives the adapter with Slack's real sample payloads and checks request bodies against Slack's Web API description.</summary>
public class SharedPayloadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RealSamples_SlashCommandBlockActionsViewSubmissionEventsAndDisconnect_AllAckedAndRouted()
    {
        Assert.SkipWhen(SharedSamples.Absent, SharedSamples.SkipReason);
        await using var h = await SlackHarness.CreateAsync(Ct);
        h.Slack.HelloJson = File.ReadAllText(Path.Combine(SharedSamples.SlackDir, "socket-mode", "hello.python-sdk.json"));
        var socket = await h.StartSocketAsync(Ct);

        var slash = SharedSamples.Load("socket-mode/slash_commands.envelope.python-sdk.json");
        slash["payload"]!["text"] = "help";
        slash["payload"]!["response_url"] = h.Slack.ResponseUrl("s").ToString();
        await socket.SendAsync(slash);
        var slashAck = await socket.WaitForAckAsync(slash["envelope_id"]!.GetValue<string>(), Ct);
        Assert.Equal("ran help", slashAck["payload"]!["text"]!.GetValue<string>());

        // Not our action id, not our view, not our event: acked, nothing run.
        foreach (var name in new[] { "interactive.block_actions.envelope.java-sdk.json", "interactive.view_submission.envelope.slack-netstandard.json", "events_api.message.envelope.python-sdk.json", "interactive.shortcut.envelope.python-sdk.json" })
        {
            var envelope = SharedSamples.Load("socket-mode/" + name);
            await socket.SendAsync(envelope);
            var ack = await socket.WaitForAckAsync(envelope["envelope_id"]!.GetValue<string>(), Ct);
            Assert.Null(ack["payload"]);
        }

        Assert.Single(h.Dispatcher.Calls.Snapshot());

        await socket.SendAsync(SharedSamples.Load("socket-mode/disconnect.socket_mode_disabled.slack-netstandard.json"));
        var next = await h.Slack.Sockets.WaitAsync(s => s.Number == 2, Ct);
        await socket.Closed.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(2, next.Number);
    }

    [Fact]
    public async Task RequestBodies_MatchSlackWebApiDescription()
    {
        Assert.SkipWhen(SharedSamples.Absent, SharedSamples.SkipReason);
        var spec = SharedSamples.Load("openapi/slack_web_openapi_v2.json");
        await using var h = await SlackHarness.CreateAsync(Ct);
        var api = h.Services.GetService(typeof(SlackApiClient)) as SlackApiClient;
        Assert.NotNull(api);
        var message = BlockKitRenderer.Render(Message.Simple("Open Councils", "Thursday")).Single();

        await api.AuthTestAsync(Ct);
        await api.PostMessageAsync("C1", message, Ct);
        await api.PostEphemeralAsync("C1", "U1", message, Ct);
        await api.UpdateAsync("C1", "1.2", message, Ct);
        await api.OpenConversationAsync("U1", Ct);
        await api.OpenViewAsync("1.2.3", new JsonObject { ["type"] = "modal" }, Ct);

        var checkedMethods = 0;
        foreach (var call in h.Slack.Calls.Snapshot())
        {
            var path = spec["paths"]?["/" + call.Method] as JsonObject;
            Assert.NotNull(path);
            var operation = (path["post"] ?? path["get"])!.AsObject();
            var parameters = operation["parameters"]!.AsArray().Select(p => p!.AsObject()).Where(p => p["in"]!.GetValue<string>() != "header").ToList();
            var declared = parameters.Select(p => p["name"]!.GetValue<string>()).ToHashSet();
            Assert.All(call.Body.Select(p => p.Key), key => Assert.True(declared.Contains(key), $"{call.Method} sends '{key}', not in Slack's description"));
            foreach (var required in parameters.Where(p => p["required"]?.GetValue<bool>() == true))
            {
                Assert.True(call.Body.ContainsKey(required["name"]!.GetValue<string>()), $"{call.Method} lacks required '{required["name"]}'");
            }

            Assert.StartsWith("Bearer xoxb-", call.Authorization, StringComparison.Ordinal);
            checkedMethods++;
        }

        Assert.Equal(6, checkedMethods);
    }
}

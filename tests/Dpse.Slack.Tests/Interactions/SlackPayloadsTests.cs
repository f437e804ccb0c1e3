using System.Text.Json.Nodes;
using Dpse.Slack.Interactions;
using Dpse.Slack.Rendering;

namespace Dpse.Slack.Tests.Interactions;

/// <summary>The payload reader alone: what it takes from Slack's JSON, and what it refuses.</summary>
public sealed class SlackPayloadsTests
{
    [Fact]
    public void ReadBlockActions_NoChannelOrTeamObject_TakesThemFromTheContainerAndTheUser()
    {
        var payload = JsonNode.Parse("""
            {"type":"block_actions","user":{"id":"U1","username":"ann","team_id":"T9"},
             "container":{"type":"message","message_ts":"171.2","channel_id":"C7","is_ephemeral":true},
             "response_url":"https://hooks.slack.com/actions/1","trigger_id":"tr1",
             "actions":[{"action_id":"dpse:a"},{"action_id":"other"}]}
            """)!.AsObject();

        var pressed = SlackPayloads.ReadBlockActions(payload, out var problem);

        Assert.Null(problem);
        Assert.Equal(new SlackInvoker("T9", "U1", "ann", "C7", "https://hooks.slack.com/actions/1", "tr1"), pressed!.Invoker);
        Assert.Equal(["dpse:a", "other"], pressed.ActionIds);
        Assert.Equal(("171.2", true), (pressed.MessageTs, pressed.OnEphemeral));
    }

    [Fact]
    public void ReadViewSubmission_AnotherAppsModal_IsRefusedWithTheReason()
    {
        var metadata = new FormMetadata("story share", new Dictionary<string, string>(), "C1").Serialize();
        JsonObject Submission(string callbackId) => new()
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = "U1", ["team_id"] = "T1" },
            ["view"] = new JsonObject
            {
                ["callback_id"] = callbackId,
                ["private_metadata"] = metadata,
                ["state"] = new JsonObject { ["values"] = new JsonObject { ["title"] = new JsonObject { [ModalRenderer.InputActionId] = new JsonObject { ["value"] = "Forms" } } } },
            },
        };

        var ours = SlackPayloads.ReadViewSubmission(Submission(ModalRenderer.CallbackId), out var none);
        var theirs = SlackPayloads.ReadViewSubmission(Submission("someone-else"), out var problem);

        Assert.Null(none);
        Assert.Equal(("C1", "Forms"), (ours!.Invoker.Channel, ours.Fields["title"]));
        Assert.Null(theirs);
        Assert.Equal("not a dpse form", problem);
    }

    [Fact]
    public void ReadSlashCommand_NoUser_IsRefused()
    {
        var command = SlackPayloads.ReadSlashCommand(new JsonObject { ["team_id"] = "T1", ["text"] = "help" }, out var problem);

        Assert.Null(command);
        Assert.Equal("no user_id", problem);
    }
}

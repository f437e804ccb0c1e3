using System.Text.Json.Nodes;
using Dpse.Core.Identity;
using Dpse.Slack.Rendering;

namespace Dpse.Slack.Interactions;

/// <summary>Who acted, where, and the handles Slack gave for answering (response_url, trigger_id).</summary>
internal sealed record SlackInvoker(string Team, string User, string UserName, string Channel, string ResponseUrl, string TriggerId)
{
    /// <summary>The channel as the core knows it.</summary>
    public ChannelRef Place => new(Platforms.Slack, Team, Channel);
}

/// <summary>A slash command: the invoker and the text typed after <c>/dpse</c>.</summary>
internal sealed record SlashCommandPayload(SlackInvoker Invoker, string Text);

/// <summary>Button presses: the invoker, the action ids pressed and the message they sit on.</summary>
internal sealed record BlockActionsPayload(SlackInvoker Invoker, IReadOnlyList<string> ActionIds, string MessageTs, bool OnEphemeral);

/// <summary>A submitted dpse form: the invoker (channel from the form's metadata), the form's metadata and its fields.</summary>
internal sealed record ViewSubmissionPayload(SlackInvoker Invoker, FormMetadata Metadata, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// Reads Slack's interaction payloads (the JSON of slash commands, block_actions and view_submission) into the records
/// above, or null with the reason when the payload is not one to act on. Nothing here talks to Slack or the core.
/// </summary>
internal static class SlackPayloads
{
    public static SlashCommandPayload? ReadSlashCommand(JsonObject payload, out string? problem)
    {
        var user = Str(payload, "user_id");
        problem = user.Length == 0 ? "no user_id" : null;
        return problem is null
            ? new SlashCommandPayload(
                new SlackInvoker(Str(payload, "team_id"), user, Str(payload, "user_name"), Str(payload, "channel_id"), Str(payload, "response_url"), Str(payload, "trigger_id")),
                Str(payload, "text"))
            : null;
    }

    public static BlockActionsPayload? ReadBlockActions(JsonObject payload, out string? problem)
    {
        var userNode = payload["user"] as JsonObject;
        var user = Str(userNode, "id");
        var container = payload["container"] as JsonObject;
        if (payload["actions"] is not JsonArray actions || user.Length == 0)
        {
            problem = "no actions or user";
            return null;
        }

        problem = null;
        var channel = Str(payload["channel"] as JsonObject, "id") is { Length: > 0 } c ? c : Str(container, "channel_id");
        var invoker = new SlackInvoker(Team(payload, userNode), user, UserName(userNode), channel, Str(payload, "response_url"), Str(payload, "trigger_id"));
        var ephemeral = container?["is_ephemeral"] is JsonValue e && e.TryGetValue<bool>(out var b) && b;
        return new BlockActionsPayload(invoker, [.. actions.OfType<JsonObject>().Select(a => Str(a, "action_id"))], Str(container, "message_ts"), ephemeral);
    }

    public static ViewSubmissionPayload? ReadViewSubmission(JsonObject payload, out string? problem)
    {
        var userNode = payload["user"] as JsonObject;
        var user = Str(userNode, "id");
        var view = payload["view"] as JsonObject;
        var metadata = Str(view, "callback_id") == ModalRenderer.CallbackId ? FormMetadata.Parse(Str(view, "private_metadata")) : null;
        if (metadata is null || user.Length == 0)
        {
            // Not one of our forms (or tampered with).
            problem = "not a dpse form";
            return null;
        }

        problem = null;
        var invoker = new SlackInvoker(Team(payload, userNode), user, UserName(userNode), metadata.Channel, "", "");
        return new ViewSubmissionPayload(invoker, metadata, ReadFields(view));
    }

    private static string Team(JsonObject payload, JsonObject? userNode) =>
        Str(payload["team"] as JsonObject, "id") is { Length: > 0 } team ? team : Str(userNode, "team_id");

    private static string UserName(JsonObject? userNode) =>
        Str(userNode, "username") is { Length: > 0 } name ? name : Str(userNode, "name");

    // The value typed in each of the modal's inputs, by block id (the option's name).
    private static Dictionary<string, string> ReadFields(JsonObject? view)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (view?["state"]?["values"] is JsonObject values)
        {
            foreach (var (blockId, block) in values)
            {
                if (block is JsonObject actions && actions[ModalRenderer.InputActionId] is JsonObject input)
                {
                    fields[blockId] = input["value"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
                }
            }
        }

        return fields;
    }

    private static string Str(JsonObject? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
}

using System.Text.Json.Nodes;
using Dpse.Core.Acknowledgement;
using Dpse.Core.Commands;
using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Slack.Rendering;
using Dpse.Slack.SocketMode;
using Dpse.Slack.WebApi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dpse.Slack.Interactions;

/// <summary>
/// Turns Slack's slash commands, button presses and modal submissions into calls to the core's
/// <see cref="ICommandDispatcher"/> and delivers the replies the Slack way: in the ack when quick, else through
/// response_url; card updates with chat.update; forms with views.open; form errors inline in the modal.
/// </summary>
internal sealed partial class SlackInteractionHandler(
    ICommandDispatcher dispatcher,
    SlackApiClient api,
    IOptions<SlackOptions> options,
    SocketModeTiming timing,
    TimeProvider time,
    ILogger<SlackInteractionHandler> logger)
{
    public async Task HandleSlashCommandAsync(JsonObject payload, EnvelopeAck ack, CancellationToken cancellationToken)
    {
        var team = Str(payload, "team_id");
        var user = Str(payload, "user_id");
        var channel = Str(payload, "channel_id");
        if (user.Length == 0)
        {
            Log.MalformedPayload(logger, "slash_commands", "no user_id");
            await ack.SendAsync(null, cancellationToken);
            return;
        }

        var actor = Actor(team, user, Str(payload, "user_name"));
        var place = new ChannelRef(Platforms.Slack, team, channel);
        var context = new ReplyContext(place, user, ResponseUrl.From(Str(payload, "response_url"), time.GetUtcNow()), Str(payload, "trigger_id"));
        Log.Command(logger, team, channel, "slash");

        var reply = await WithinAckWindowAsync(
            ct => dispatcher.DispatchTextAsync(Str(payload, "text"), actor, place, canOpenForms: true, ct), ack, cancellationToken);
        if (reply.Form is { } form)
        {
            await ack.SendAsync(null, cancellationToken);
            await OpenFormAsync(form, context, cancellationToken);
            return;
        }

        var messages = Render(reply);
        var first = 0;
        if (!ack.Sent)
        {
            var body = messages[0].ToJson();
            body["response_type"] = reply.Visibility == Visibility.Channel ? "in_channel" : "ephemeral";
            await ack.SendAsync(body, cancellationToken);
            first = 1;
        }

        await DeliverAsync(messages.Skip(first), reply.Visibility, context, cancellationToken);
    }

    public async Task HandleInteractiveAsync(JsonObject payload, EnvelopeAck ack, CancellationToken cancellationToken)
    {
        switch (Str(payload, "type"))
        {
            case "block_actions":
                await ack.SendAsync(null, cancellationToken);
                await HandleBlockActionsAsync(payload, cancellationToken);
                break;
            case "view_submission":
                await HandleViewSubmissionAsync(payload, ack, cancellationToken);
                break;
            default:
                // view_closed, shortcuts, message actions: nothing of ours to run.
                await ack.SendAsync(null, cancellationToken);
                break;
        }
    }

    private async Task HandleBlockActionsAsync(JsonObject payload, CancellationToken cancellationToken)
    {
        var userNode = payload["user"] as JsonObject;
        var user = Str(userNode, "id");
        var team = Str(payload["team"] as JsonObject, "id") is { Length: > 0 } t ? t : Str(userNode, "team_id");
        var container = payload["container"] as JsonObject;
        var channel = Str(payload["channel"] as JsonObject, "id") is { Length: > 0 } c ? c : Str(container, "channel_id");
        var actor = Actor(team, user, Str(userNode, "username") is { Length: > 0 } u ? u : Str(userNode, "name"));
        var place = new ChannelRef(Platforms.Slack, team, channel);
        var context = new ReplyContext(place, user, ResponseUrl.From(Str(payload, "response_url"), time.GetUtcNow()), Str(payload, "trigger_id"));
        if (payload["actions"] is not JsonArray actions || user.Length == 0)
        {
            Log.MalformedPayload(logger, "block_actions", "no actions or user");
            return;
        }

        foreach (var action in actions.OfType<JsonObject>())
        {
            var actionId = Str(action, "action_id");
            if (!actionId.StartsWith(ActionIds.Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            Log.Command(logger, team, channel, "button");
            var reply = await dispatcher.DispatchActionAsync(actionId, actor, place, cancellationToken);
            if (reply.Form is { } form)
            {
                await OpenFormAsync(form, context, cancellationToken);
            }
            else if (reply.ReplacesCard && !reply.IsError)
            {
                await ReplaceCardAsync(reply, container, context, cancellationToken);
            }
            else
            {
                await DeliverAsync(Render(reply), reply.Visibility, context, cancellationToken);
            }
        }
    }

    private async Task ReplaceCardAsync(Reply reply, JsonObject? container, ReplyContext context, CancellationToken cancellationToken)
    {
        var messages = Render(reply);
        var ts = Str(container, "message_ts");
        var ephemeral = container?["is_ephemeral"] is JsonValue e && e.TryGetValue<bool>(out var b) && b;
        var replaced = false;
        if (!ephemeral && ts.Length > 0 && context.Place.ChannelId.Length > 0)
        {
            replaced = (await api.UpdateAsync(context.Place.ChannelId, ts, messages[0], cancellationToken)).Ok;
        }

        if (!replaced && context.ResponseUrl is { } url && url.TryUse(time.GetUtcNow()))
        {
            var body = messages[0].ToJson();
            body["replace_original"] = true;
            replaced = (await api.PostToResponseUrlAsync(url.Url, body, cancellationToken)).Ok;
        }

        await DeliverAsync(replaced ? messages.Skip(1) : messages, Visibility.OnlyInvoker, context, cancellationToken);
    }

    private async Task HandleViewSubmissionAsync(JsonObject payload, EnvelopeAck ack, CancellationToken cancellationToken)
    {
        var userNode = payload["user"] as JsonObject;
        var user = Str(userNode, "id");
        var team = Str(payload["team"] as JsonObject, "id") is { Length: > 0 } t ? t : Str(userNode, "team_id");
        var view = payload["view"] as JsonObject;
        var metadata = Str(view, "callback_id") == ModalRenderer.CallbackId ? FormMetadata.Parse(Str(view, "private_metadata")) : null;
        if (metadata is null || user.Length == 0)
        {
            // Not one of our forms (or tampered with): close it without running anything.
            Log.MalformedPayload(logger, "view_submission", "not a dpse form");
            await ack.SendAsync(null, cancellationToken);
            return;
        }

        var fields = ReadFields(view);
        var options = new Dictionary<string, string>(metadata.Given, StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                options[name] = value;
            }
        }

        var actor = Actor(team, user, Str(userNode, "username") is { Length: > 0 } u ? u : Str(userNode, "name"));
        var place = new ChannelRef(Platforms.Slack, team, metadata.Channel);
        var context = new ReplyContext(place, user, null, "");
        CommandPath path;
        try
        {
            path = new CommandPath(metadata.Path);
        }
        catch (ArgumentException)
        {
            await ack.SendAsync(null, cancellationToken);
            return;
        }

        Log.Command(logger, team, metadata.Channel, "form");
        var request = new CommandRequest(path, options, actor, place) { CanOpenForms = false };
        var reply = await WithinAckWindowAsync(ct => dispatcher.DispatchAsync(request, ct), ack, cancellationToken);
        if (!ack.Sent && reply.Problem is { } problem && fields.Count > 0)
        {
            // The Slack way: the error under the field it is about, the person's input kept. The usage line names
            // every option; in a form only the error itself helps.
            var field = fields.Keys.FirstOrDefault(f => string.Equals(f, problem.Option, StringComparison.OrdinalIgnoreCase)) ?? fields.Keys.First();
            var errors = new JsonObject { [field] = SlackText.EscapeAndTruncate(problem.Text, 300) };
            await ack.SendAsync(new JsonObject { ["response_action"] = "errors", ["errors"] = errors }, cancellationToken);
            return;
        }

        await ack.SendAsync(null, cancellationToken);
        await DeliverAsync(Render(reply), reply.Visibility, context, cancellationToken);
    }

    /// <summary>Runs the command; when it outlasts the ack window, acks empty at once and lets the caller finish later.</summary>
    private async Task<Reply> WithinAckWindowAsync(Func<CancellationToken, Task<Reply>> dispatch, EnvelopeAck ack, CancellationToken cancellationToken)
    {
        var (reply, _) = await AcknowledgementWindow.RunAsync(timing.SlowReply, time, dispatch, AckEmptyAsync, cancellationToken);
        return reply;

        Task AckEmptyAsync(CancellationToken ct)
        {
            Log.SlowCommand(logger, timing.SlowReply.TotalMilliseconds);
            return ack.SendAsync(null, ct);
        }
    }

    private async Task OpenFormAsync(FormRequest form, ReplyContext context, CancellationToken cancellationToken)
    {
        var given = form.Given.Where(g => !form.Form.Fields.Contains(g.Key, StringComparer.Ordinal)).ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal);
        var metadata = new FormMetadata(form.Command.Path.Value, given, context.Place.ChannelId).Serialize();
        if (metadata is null)
        {
            await DeliverAsync(
                Render(Reply.Error("Too much was typed alongside the form. Put the long fields in the form, or type them all in the command.")),
                Visibility.OnlyInvoker, context, cancellationToken);
            return;
        }

        var opened = context.TriggerId.Length > 0
            ? await api.OpenViewAsync(context.TriggerId, ModalRenderer.Render(form, metadata), cancellationToken)
            : SlackApiResponse.Failed("no_trigger_id");
        if (!opened.Ok)
        {
            var usage = form.Command.Usage;
            await DeliverAsync(
                Render(Reply.Error($"The form could not open ({SlackErrors.Explain(opened.Error)}). Type the fields in the command instead: {usage}")),
                Visibility.OnlyInvoker, context, cancellationToken);
        }
    }

    /// <summary>Posts messages after the ack: response_url while it lasts, else chat.postMessage / chat.postEphemeral.</summary>
    private async Task DeliverAsync(IEnumerable<SlackMessage> messages, Visibility visibility, ReplyContext context, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            if (context.ResponseUrl is { } url && url.TryUse(time.GetUtcNow()))
            {
                var body = message.ToJson();
                body["response_type"] = visibility == Visibility.Channel ? "in_channel" : "ephemeral";
                body["replace_original"] = false;
                if ((await api.PostToResponseUrlAsync(url.Url, body, cancellationToken)).Ok)
                {
                    continue;
                }
            }

            if (context.Place.ChannelId.Length == 0)
            {
                continue;
            }

            _ = visibility == Visibility.Channel
                ? await api.PostMessageAsync(context.Place.ChannelId, message, cancellationToken)
                : await api.PostEphemeralAsync(context.Place.ChannelId, context.UserId, message, cancellationToken);
        }
    }

    private static List<SlackMessage> Render(Reply reply)
    {
        var messages = BlockKitRenderer.Render(reply.Message).ToList();
        if (reply.Attachment is { } attachment)
        {
            messages.Add(BlockKitRenderer.RenderAttachment(attachment));
        }

        return messages;
    }

    private Actor Actor(string team, string user, string name) =>
        new(new ActorRef(Platforms.Slack, team, user), name.Length > 0 ? name : user, options.Value.IsModerator(user));

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

    private sealed record ReplyContext(ChannelRef Place, string UserId, ResponseUrl? ResponseUrl, string TriggerId);
}

using System.Text.Json.Nodes;
using Dpse.Core.Acknowledgement;
using Dpse.Core.Commands;
using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Slack.Rendering;
using Dpse.Slack.SocketMode;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dpse.Slack.Interactions;

/// <summary>
/// Turns Slack's slash commands, button presses and modal submissions into calls to the core's
/// <see cref="ICommandDispatcher"/>: <see cref="SlackPayloads"/> reads the payload, the command runs within Slack's
/// acknowledgement window (the reply goes in the ack when quick), and <see cref="SlackResponder"/> delivers the rest.
/// Form errors go inline under the field they are about.
/// </summary>
internal sealed class SlackInteractionHandler(
    ICommandDispatcher dispatcher,
    SlackResponder responder,
    IOptions<SlackOptions> options,
    SocketModeTiming timing,
    TimeProvider time,
    ILogger<SlackInteractionHandler> logger)
{
    public async Task HandleSlashCommandAsync(JsonObject payload, EnvelopeAck ack, CancellationToken cancellationToken)
    {
        if (SlackPayloads.ReadSlashCommand(payload, out var problem) is not { } command)
        {
            Log.MalformedPayload(logger, "slash_commands", problem ?? "");
            await ack.SendAsync(null, cancellationToken);
            return;
        }

        var invoker = command.Invoker;
        var target = Target(invoker);
        Log.Command(logger, invoker.Team, invoker.Channel, "slash");
        var reply = await WithinAckWindowAsync(
            ct => dispatcher.DispatchTextAsync(command.Text, Actor(invoker), invoker.Place, canOpenForms: true, ct), ack, cancellationToken);
        if (reply.Form is { } form)
        {
            await ack.SendAsync(null, cancellationToken);
            await responder.OpenFormAsync(form, target, cancellationToken);
            return;
        }

        var messages = SlackResponder.Render(reply);
        var first = 0;
        if (!ack.Sent)
        {
            var body = messages[0].ToJson();
            body["response_type"] = reply.Visibility == Visibility.Channel ? "in_channel" : "ephemeral";
            await ack.SendAsync(body, cancellationToken);
            first = 1;
        }

        await responder.DeliverAsync(messages.Skip(first), reply.Visibility, target, cancellationToken);
    }

    public async Task HandleInteractiveAsync(JsonObject payload, EnvelopeAck ack, CancellationToken cancellationToken)
    {
        switch (payload["type"] is JsonValue type && type.TryGetValue<string>(out var kind) ? kind : "")
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
        if (SlackPayloads.ReadBlockActions(payload, out var problem) is not { } pressed)
        {
            Log.MalformedPayload(logger, "block_actions", problem ?? "");
            return;
        }

        var invoker = pressed.Invoker;
        var target = Target(invoker);
        foreach (var actionId in pressed.ActionIds.Where(a => a.StartsWith(ActionIds.Prefix, StringComparison.Ordinal)))
        {
            Log.Command(logger, invoker.Team, invoker.Channel, "button");
            var reply = await dispatcher.DispatchActionAsync(actionId, Actor(invoker), invoker.Place, cancellationToken);
            if (reply.Form is null && reply.ReplacesCard && !reply.IsError)
            {
                await responder.ReplaceCardAsync(reply, pressed.MessageTs, pressed.OnEphemeral, target, cancellationToken);
            }
            else
            {
                await responder.DeliverAsync(reply, target, cancellationToken);
            }
        }
    }

    private async Task HandleViewSubmissionAsync(JsonObject payload, EnvelopeAck ack, CancellationToken cancellationToken)
    {
        if (SlackPayloads.ReadViewSubmission(payload, out var problem) is not { } submitted || Path(submitted.Metadata.Path) is not { } path)
        {
            // Not one of our forms (or tampered with): close it without running anything.
            Log.MalformedPayload(logger, "view_submission", problem ?? "not a command path");
            await ack.SendAsync(null, cancellationToken);
            return;
        }

        var options = new Dictionary<string, string>(submitted.Metadata.Given, StringComparer.Ordinal);
        foreach (var (name, value) in submitted.Fields.Where(f => !string.IsNullOrWhiteSpace(f.Value)))
        {
            options[name] = value;
        }

        var invoker = submitted.Invoker;
        Log.Command(logger, invoker.Team, invoker.Channel, "form");
        var request = new CommandRequest(path, options, Actor(invoker), invoker.Place) { CanOpenForms = false };
        var reply = await WithinAckWindowAsync(ct => dispatcher.DispatchAsync(request, ct), ack, cancellationToken);
        if (!ack.Sent && reply.Problem is { } error && submitted.Fields.Count > 0)
        {
            // The Slack way: the error under the field it is about, the person's input kept. The usage line names
            // every option; in a form only the error itself helps.
            var field = submitted.Fields.Keys.FirstOrDefault(f => string.Equals(f, error.Option, StringComparison.OrdinalIgnoreCase)) ?? submitted.Fields.Keys.First();
            var errors = new JsonObject { [field] = SlackText.EscapeAndTruncate(error.Text, 300) };
            await ack.SendAsync(new JsonObject { ["response_action"] = "errors", ["errors"] = errors }, cancellationToken);
            return;
        }

        await ack.SendAsync(null, cancellationToken);
        await responder.DeliverAsync(SlackResponder.Render(reply), reply.Visibility, Target(invoker), cancellationToken);
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

    private static CommandPath? Path(string text)
    {
        try
        {
            return new CommandPath(text);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private ReplyTarget Target(SlackInvoker invoker) =>
        new(invoker.Place, invoker.User, ResponseUrl.From(invoker.ResponseUrl, time.GetUtcNow()), invoker.TriggerId);

    private Actor Actor(SlackInvoker invoker) =>
        new(new ActorRef(Platforms.Slack, invoker.Team, invoker.User), invoker.UserName.Length > 0 ? invoker.UserName : invoker.User, options.Value.IsModerator(invoker.User));
}

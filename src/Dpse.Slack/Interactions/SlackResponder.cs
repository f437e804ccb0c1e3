using Dpse.Core.Commands;
using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Slack.Rendering;
using Dpse.Slack.WebApi;

namespace Dpse.Slack.Interactions;

/// <summary>Where a reply goes: the channel, the person, and the handles Slack gave for answering them.</summary>
internal sealed record ReplyTarget(ChannelRef Place, string UserId, ResponseUrl? ResponseUrl, string TriggerId);

/// <summary>
/// Delivers the core's replies the Slack way once the envelope is acknowledged: messages through response_url while it
/// lasts (then chat.postMessage or chat.postEphemeral), card updates with chat.update, forms with views.open. It
/// reads no payload and runs no command (<see cref="SlackInteractionHandler"/> does).
/// </summary>
internal sealed class SlackResponder(SlackApiClient api, TimeProvider time)
{
    /// <summary>The reply's messages as Block Kit: the message, then its attachment if any.</summary>
    public static List<SlackMessage> Render(Reply reply)
    {
        var messages = BlockKitRenderer.Render(reply.Message).ToList();
        if (reply.Attachment is { } attachment)
        {
            messages.Add(BlockKitRenderer.RenderAttachment(attachment));
        }

        return messages;
    }

    /// <summary>Posts messages after the ack: response_url while it lasts, else chat.postMessage / chat.postEphemeral.</summary>
    public async Task DeliverAsync(IEnumerable<SlackMessage> messages, Visibility visibility, ReplyTarget target, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            if (target.ResponseUrl is { } url && url.TryUse(time.GetUtcNow()))
            {
                var body = message.ToJson();
                body["response_type"] = visibility == Visibility.Channel ? "in_channel" : "ephemeral";
                body["replace_original"] = false;
                if ((await api.PostToResponseUrlAsync(url.Url, body, cancellationToken)).Ok)
                {
                    continue;
                }
            }

            if (target.Place.ChannelId.Length == 0)
            {
                continue;
            }

            _ = visibility == Visibility.Channel
                ? await api.PostMessageAsync(target.Place.ChannelId, message, cancellationToken)
                : await api.PostEphemeralAsync(target.Place.ChannelId, target.UserId, message, cancellationToken);
        }
    }

    /// <summary>Delivers a reply: its messages, or its form.</summary>
    public Task DeliverAsync(Reply reply, ReplyTarget target, CancellationToken cancellationToken) =>
        reply.Form is { } form ? OpenFormAsync(form, target, cancellationToken) : DeliverAsync(Render(reply), reply.Visibility, target, cancellationToken);

    /// <summary>
    /// Replaces the card a button sat on (chat.update, or response_url for an ephemeral card); what could not replace
    /// it, and the reply's further messages, go to the invoker.
    /// </summary>
    public async Task ReplaceCardAsync(Reply reply, string messageTs, bool onEphemeral, ReplyTarget target, CancellationToken cancellationToken)
    {
        var messages = Render(reply);
        var replaced = false;
        if (!onEphemeral && messageTs.Length > 0 && target.Place.ChannelId.Length > 0)
        {
            replaced = (await api.UpdateAsync(target.Place.ChannelId, messageTs, messages[0], cancellationToken)).Ok;
        }

        if (!replaced && target.ResponseUrl is { } url && url.TryUse(time.GetUtcNow()))
        {
            var body = messages[0].ToJson();
            body["replace_original"] = true;
            replaced = (await api.PostToResponseUrlAsync(url.Url, body, cancellationToken)).Ok;
        }

        await DeliverAsync(replaced ? messages.Skip(1) : messages, Visibility.OnlyInvoker, target, cancellationToken);
    }

    /// <summary>Opens a command's form as a modal; when it cannot, tells the invoker how to type the fields instead.</summary>
    public async Task OpenFormAsync(FormRequest form, ReplyTarget target, CancellationToken cancellationToken)
    {
        var given = form.Given.Where(g => !form.Form.Fields.Contains(g.Key, StringComparer.Ordinal)).ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal);
        var metadata = new FormMetadata(form.Command.Path.Value, given, target.Place.ChannelId).Serialize();
        if (metadata is null)
        {
            await DeliverAsync(
                Render(Reply.Error("Too much was typed alongside the form. Put the long fields in the form, or type them all in the command.")),
                Visibility.OnlyInvoker, target, cancellationToken);
            return;
        }

        var opened = target.TriggerId.Length > 0
            ? await api.OpenViewAsync(target.TriggerId, ModalRenderer.Render(form, metadata), cancellationToken)
            : SlackApiResponse.Failed("no_trigger_id");
        if (!opened.Ok)
        {
            await DeliverAsync(
                Render(Reply.Error($"The form could not open ({SlackErrors.Explain(opened.Error)}). Type the fields in the command instead: {form.Command.Usage}")),
                Visibility.OnlyInvoker, target, cancellationToken);
        }
    }
}

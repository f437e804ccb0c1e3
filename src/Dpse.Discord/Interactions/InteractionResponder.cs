using System.Text.Json.Nodes;
using Dpse.Core.Commands;
using Dpse.Core.Messages;
using Dpse.Discord.Rendering;
using Dpse.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Dpse.Discord.Interactions;

/// <summary>
/// Where the answers to one interaction go, and how far answering has got: the first answer goes to the callback
/// endpoint (or <see cref="Inline"/>, the HTTP response of an interaction that came over HTTP); later ones are
/// follow-ups or edits of the original.
/// </summary>
internal sealed class InteractionTarget(DiscordInvoker invoker, InlineResponse? inline)
{
    public DiscordInvoker Invoker { get; } = invoker;

    public InlineResponse? Inline { get; } = inline;

    /// <summary>The first answer (a reply, a deferral, a modal, choices) has gone out.</summary>
    public bool Responded { get; set; }

    /// <summary>The first answer was a deferral: the rest edits the original or follows up.</summary>
    public bool Deferred { get; set; }

    public bool IsComponent => Invoker.Type == DiscordInteractionReader.MessageComponent;
}

/// <summary>
/// Answers interactions the Discord way: the initial response (callback types 4/7/9, or 8 for autocomplete), the
/// deferral (5/6) and what completes it (edit of the original, follow-ups), forms as modals and attachments as files.
/// It reads no payload and runs no command (<see cref="InteractionHandler"/> does).
/// </summary>
internal sealed class InteractionResponder(DiscordRestClient rest, TimeProvider timeProvider, ILogger<InteractionResponder> logger)
{
    /// <summary>The first answer: the reply (updating the card for a button), or the form as a modal.</summary>
    public async Task RespondAsync(InteractionTarget target, Reply reply, CancellationToken cancellationToken)
    {
        if (reply.Form is { } form)
        {
            if (target.Invoker.Type == DiscordInteractionReader.ModalSubmit)
            {
                reply = Reply.Error("Some fields are still missing; please run the command again and fill them in.");
            }
            else if (InteractionResponses.ModalData(form) is { } modal)
            {
                await SendCallbackAsync(target, InteractionResponses.Modal, modal, cancellationToken);
                return;
            }
            else
            {
                reply = Reply.Error($"The options given do not fit in a form (at most {FormIds.Limit} characters). Give the long fields as options instead, or fewer options.");
            }
        }

        var (bodies, file) = Render(reply);
        if (target.IsComponent && reply.ReplacesCard && file is null)
        {
            await SendCallbackAsync(target, InteractionResponses.UpdateMessage, WithoutFlags(bodies[0]), cancellationToken);
        }
        else
        {
            await SendCallbackAsync(target, InteractionResponses.ChannelMessage, bodies[0], cancellationToken, file);
        }

        await FollowUpAsync(target, bodies.Skip(1), cancellationToken);
    }

    /// <summary>Acknowledges without an answer yet: type 6 for a button (the card stays), 5 otherwise.</summary>
    public async Task DeferAsync(InteractionTarget target, CancellationToken cancellationToken)
    {
        var deferType = target.IsComponent ? InteractionResponses.DeferredUpdateMessage : InteractionResponses.DeferredChannelMessage;
        await SendCallbackAsync(target, deferType, null, cancellationToken);
        target.Deferred = true;
    }

    /// <summary>Completes a deferral: edits the original, or replaces it when the reply is private or has a file.</summary>
    public async Task RespondDeferredAsync(InteractionTarget target, Reply reply, CancellationToken cancellationToken)
    {
        if (reply.Form is not null)
        {
            reply = Reply.Error("The form took too long to open. Please run the command again.");
        }

        var (bodies, file) = Render(reply);
        var (app, token) = (target.Invoker.ApplicationId, target.Invoker.Token);
        if (file is not null)
        {
            // A file cannot be added to the deferral's original message as reliably as to a new one.
            await CheckAsync(rest.SendAsync(DiscordRoute.DeleteOriginal(app, token), null, cancellationToken));
            await CheckAsync(rest.SendAsync(DiscordRoute.FollowUp(app, token), bodies[0], cancellationToken, file));
            await FollowUpAsync(target, bodies.Skip(1), cancellationToken);
            return;
        }

        if (target.IsComponent)
        {
            if (reply.ReplacesCard)
            {
                await CheckAsync(rest.SendAsync(DiscordRoute.EditOriginal(app, token), WithoutFlags(bodies[0]), cancellationToken));
                await FollowUpAsync(target, bodies.Skip(1), cancellationToken);
            }
            else
            {
                await FollowUpAsync(target, bodies, cancellationToken);
            }

            return;
        }

        if (reply.Visibility == Visibility.OnlyInvoker)
        {
            // The deferral was public; a private answer replaces it with an ephemeral follow-up.
            await CheckAsync(rest.SendAsync(DiscordRoute.DeleteOriginal(app, token), null, cancellationToken));
            await FollowUpAsync(target, bodies, cancellationToken);
            return;
        }

        await CheckAsync(rest.SendAsync(DiscordRoute.EditOriginal(app, token), bodies[0], cancellationToken));
        await FollowUpAsync(target, bodies.Skip(1), cancellationToken);
    }

    /// <summary>Autocomplete choices (type 8): at most 25, values that fit, labels cut to Discord's length.</summary>
    public Task SuggestAsync(InteractionTarget target, IEnumerable<Completion> completions, CancellationToken cancellationToken)
    {
        var choices = new JsonArray();
        foreach (var completion in completions.Where(c => c.Value.Length is > 0 and <= DiscordLimits.ChoiceValue).Take(DiscordLimits.AutocompleteChoices))
        {
            var name = DiscordMarkdown.Truncate(string.IsNullOrWhiteSpace(completion.Label) ? completion.Value : completion.Label, DiscordLimits.ChoiceName);
            choices.Add(new JsonObject { ["name"] = name, ["value"] = completion.Value });
        }

        return SendCallbackAsync(target, InteractionResponses.AutocompleteResult, new JsonObject { ["choices"] = choices }, cancellationToken);
    }

    /// <summary>After a failure: the plain apology with its reference, as the first answer or after a deferral.</summary>
    public async Task ApologiseAsync(InteractionTarget target, string reference, CancellationToken cancellationToken)
    {
        var apology = DiscordRenderer.RenderReply(Reply.Error(new ReplyError(ReplyErrorKind.Unexpected, $"Something went wrong on our side (ref {reference}). Please try again later; a moderator can look the reference up in the bot's log.") { Reference = reference }))[0];
        if (!target.Responded)
        {
            await SendCallbackAsync(target, InteractionResponses.ChannelMessage, apology, cancellationToken);
        }
        else if (target.Deferred)
        {
            await FollowUpAsync(target, [apology], cancellationToken);
        }
    }

    /// <summary>
    /// The reply's bodies, and its attachment as a real file when it fits Discord's upload limit (otherwise the renderer
    /// prints it as a code block cut visibly).
    /// </summary>
    private static (IReadOnlyList<JsonObject> Bodies, DiscordFile? File) Render(Reply reply)
    {
        if (reply.Attachment is { } attachment)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(attachment.Content);
            if (bytes.Length <= DiscordLimits.AttachmentBytes)
            {
                var bodies = DiscordRenderer.RenderReply(reply with { Attachment = null });
                var name = string.IsNullOrWhiteSpace(attachment.FileName) ? "export.json" : attachment.FileName;
                bodies[0]["attachments"] = new JsonArray(new JsonObject { ["id"] = "0", ["filename"] = name });
                return (bodies, new DiscordFile(name, bytes));
            }
        }

        return (DiscordRenderer.RenderReply(reply), null);
    }

    // A card update keeps the card's own visibility: an update may not carry the ephemeral flag.
    private static JsonObject WithoutFlags(JsonObject body)
    {
        var update = body.DeepClone().AsObject();
        update.Remove("flags");
        return update;
    }

    private async Task FollowUpAsync(InteractionTarget target, IEnumerable<JsonObject> bodies, CancellationToken cancellationToken)
    {
        foreach (var body in bodies)
        {
            await CheckAsync(rest.SendAsync(DiscordRoute.FollowUp(target.Invoker.ApplicationId, target.Invoker.Token), body, cancellationToken));
        }
    }

    private async Task SendCallbackAsync(InteractionTarget target, int type, JsonObject? data, CancellationToken cancellationToken, DiscordFile? file = null)
    {
        target.Responded = true;
        var body = InteractionResponses.Callback(type, data);
        if (target.Inline is { } inline && file is null)
        {
            await inline.RespondAsync(body, timeProvider, cancellationToken);
            return;
        }

        await CheckAsync(rest.SendAsync(DiscordRoute.Callback(target.Invoker.Id, target.Invoker.Token), body, cancellationToken, file));
        target.Inline?.AnsweredThroughCallback();
    }

    private async Task CheckAsync(Task<DiscordResponse> call)
    {
        var response = await call;
        if (!response.IsSuccess)
        {
            Log.AnswerFailed(logger, response.Describe());
        }
    }
}

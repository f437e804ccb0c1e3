using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dpse.Core.Acknowledgement;
using Dpse.Core.Commands;
using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Discord.Rendering;
using Dpse.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dpse.Discord.Interactions;

/// <summary>
/// Answers one INTERACTION_CREATE: slash commands, buttons, modal submissions and autocomplete, all through the
/// core's <see cref="ICommandDispatcher"/>. Acknowledge first, work second: the core gets
/// <see cref="DiscordOptions.ReplyBudget"/> (2 s) to answer directly (type 4/7/9); otherwise the interaction is
/// deferred (type 5/6) within Discord's 3 s and the original response is edited when the core is done.
/// Gateway and HTTP interactions take this one path; only where the first answer goes differs (the callback endpoint,
/// or the <see cref="InlineResponse"/> of the HTTP request).
/// </summary>
internal sealed class InteractionHandler(
    DiscordRestClient rest,
    ICommandDispatcher dispatcher,
    IEnumerable<ICompletionSource> completionSources,
    IOptions<DiscordOptions> options,
    TimeProvider timeProvider,
    ILogger<InteractionHandler> logger)
{
    private const int ApplicationCommand = 2;
    private const int MessageComponent = 3;
    private const int Autocomplete = 4;
    private const int ModalSubmit = 5;

    private readonly ICompletionSource? _completions = completionSources.LastOrDefault();

    public Task HandleAsync(JsonElement interaction, CancellationToken cancellationToken) => HandleAsync(interaction, null, cancellationToken);

    /// <summary>Answers an interaction; with <paramref name="inline"/> the first answer goes into that HTTP response.</summary>
    public async Task HandleAsync(JsonElement interaction, InlineResponse? inline, CancellationToken cancellationToken)
    {
        if (!TryRead(interaction, out var context))
        {
            Log.InteractionIncomplete(logger);
            return;
        }

        context.Inline = inline;

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["InteractionId"] = context.Id, ["Guild"] = context.Place.Workspace, ["Channel"] = context.Place.ChannelId });
        try
        {
            switch (context.Type)
            {
                case ApplicationCommand:
                    {
                        var (path, values, _, typed) = ReadCommand(interaction);
                        if (path is null)
                        {
                            await RespondAsync(context, Reply.Error("That command is not part of this bot. Try /dpse help."), cancellationToken);
                            return;
                        }

                        var request = new CommandRequest(new CommandPath(path), values, context.Actor, context.Place) { CanOpenForms = true, TypedOptions = typed };
                        await RunAsync(context, ct => dispatcher.DispatchAsync(request, ct), cancellationToken);
                        break;
                    }

                case MessageComponent:
                    {
                        var customId = interaction.GetProperty("data").TryGetProperty("custom_id", out var id) ? id.GetString() ?? "" : "";
                        await RunAsync(context, ct => dispatcher.DispatchActionAsync(customId, context.Actor, context.Place, ct), cancellationToken);
                        break;
                    }

                case ModalSubmit:
                    await HandleModalAsync(context, interaction, cancellationToken);
                    break;
                case Autocomplete:
                    await HandleAutocompleteAsync(context, interaction, cancellationToken);
                    break;
                default:
                    Log.InteractionTypeIgnored(logger, context.Type);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // The same kind of reference as the router's for a failing command: one format to look up in the log.
            var reference = ReplyError.NewReference();
            Log.InteractionFailed(logger, e, context.Id, reference);
            var apology = DiscordRenderer.RenderReply(Reply.Error(new ReplyError(ReplyErrorKind.Unexpected, $"Something went wrong on our side (ref {reference}). Please try again later; a moderator can look the reference up in the bot's log.") { Reference = reference }))[0];
            if (!context.Responded)
            {
                await SendCallbackAsync(context, InteractionResponses.ChannelMessage, apology, cancellationToken);
            }
            else if (context.Deferred)
            {
                await FollowUpAsync(context, [apology], cancellationToken);
            }
        }
    }

    private async Task HandleModalAsync(Context context, JsonElement interaction, CancellationToken cancellationToken)
    {
        var data = interaction.GetProperty("data");
        var customId = data.TryGetProperty("custom_id", out var id) ? id.GetString() ?? "" : "";
        if (FormIds.Decode(customId) is not var (spec, given))
        {
            await RespondAsync(context, Reply.Error("This form is no longer known. Please run the command again."), cancellationToken);
            return;
        }

        foreach (var (name, value) in ModalValues(data))
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                given[name] = value;
            }
        }

        var request = new CommandRequest(spec.Path, given, context.Actor, context.Place) { CanOpenForms = false };
        await RunAsync(context, ct => dispatcher.DispatchAsync(request, ct), cancellationToken);
    }

    /// <summary>Text input values of a modal submission, from Label (18) → component and Action Row (1) → components.</summary>
    internal static IEnumerable<(string Name, string Value)> ModalValues(JsonElement data)
    {
        if (!data.TryGetProperty("components", out var components) || components.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var item in components.EnumerateArray())
        {
            if (item.TryGetProperty("component", out var single))
            {
                if (Input(single) is { } one)
                {
                    yield return one;
                }
            }

            if (item.TryGetProperty("components", out var many) && many.ValueKind == JsonValueKind.Array)
            {
                foreach (var inner in many.EnumerateArray())
                {
                    if (Input(inner) is { } each)
                    {
                        yield return each;
                    }
                }
            }
        }

        static (string, string)? Input(JsonElement element) =>
            element.TryGetProperty("custom_id", out var name) && element.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String
                ? (name.GetString() ?? "", value.GetString() ?? "")
                : null;
    }

    private async Task HandleAutocompleteAsync(Context context, JsonElement interaction, CancellationToken cancellationToken)
    {
        var (path, values, focused, _) = ReadCommand(interaction);
        IReadOnlyList<Completion> found = [];
        if (path is not null && focused is not null && CommandCatalogue.Find(path) is { } spec && _completions is not null)
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(options.Value.ReplyBudget);
            try
            {
                found = await _completions.CompleteAsync(spec, focused, values.GetValueOrDefault(focused, ""), context.Actor, budget.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                found = [];
            }
        }

        var choices = new JsonArray();
        foreach (var completion in found.Where(c => c.Value.Length is > 0 and <= DiscordLimits.ChoiceValue).Take(DiscordLimits.AutocompleteChoices))
        {
            var name = DiscordMarkdown.Truncate(string.IsNullOrWhiteSpace(completion.Label) ? completion.Value : completion.Label, DiscordLimits.ChoiceName);
            choices.Add(new JsonObject { ["name"] = name, ["value"] = completion.Value });
        }

        await SendCallbackAsync(context, InteractionResponses.AutocompleteResult, new JsonObject { ["choices"] = choices }, cancellationToken);
    }

    private async Task RunAsync(Context context, Func<CancellationToken, Task<Reply>> run, CancellationToken cancellationToken)
    {
        var (reply, deferred) = await AcknowledgementWindow.RunAsync(options.Value.ReplyBudget, timeProvider, run, DeferAsync, cancellationToken);
        if (deferred)
        {
            await RespondDeferredAsync(context, reply, cancellationToken);
        }
        else
        {
            await RespondAsync(context, reply, cancellationToken);
        }

        async Task DeferAsync(CancellationToken ct)
        {
            var deferType = context.Type == MessageComponent ? InteractionResponses.DeferredUpdateMessage : InteractionResponses.DeferredChannelMessage;
            await SendCallbackAsync(context, deferType, null, ct);
            context.Deferred = true;
        }
    }

    private async Task RespondAsync(Context context, Reply reply, CancellationToken cancellationToken)
    {
        if (reply.Form is { } form)
        {
            if (context.Type == ModalSubmit)
            {
                reply = Reply.Error("Some fields are still missing; please run the command again and fill them in.");
            }
            else if (InteractionResponses.ModalData(form) is { } modal)
            {
                await SendCallbackAsync(context, InteractionResponses.Modal, modal, cancellationToken);
                return;
            }
            else
            {
                reply = Reply.Error($"The options given do not fit in a form (at most {FormIds.Limit} characters). Give the long fields as options instead, or fewer options.");
            }
        }

        var (bodies, file) = Render(reply);
        if (context.Type == MessageComponent && reply.ReplacesCard && file is null)
        {
            var update = bodies[0].DeepClone().AsObject();
            update.Remove("flags");
            await SendCallbackAsync(context, InteractionResponses.UpdateMessage, update, cancellationToken);
        }
        else
        {
            await SendCallbackAsync(context, InteractionResponses.ChannelMessage, bodies[0], cancellationToken, file);
        }

        await FollowUpAsync(context, bodies.Skip(1), cancellationToken);
    }

    private async Task RespondDeferredAsync(Context context, Reply reply, CancellationToken cancellationToken)
    {
        if (reply.Form is not null)
        {
            reply = Reply.Error("The form took too long to open. Please run the command again.");
        }

        var (bodies, file) = Render(reply);
        var app = context.ApplicationId;
        if (file is not null)
        {
            // A file cannot be added to the deferral's original message as reliably as to a new one.
            await CheckAsync(rest.SendAsync(DiscordRoute.DeleteOriginal(app, context.Token), null, cancellationToken));
            await CheckAsync(rest.SendAsync(DiscordRoute.FollowUp(app, context.Token), bodies[0], cancellationToken, file));
            await FollowUpAsync(context, bodies.Skip(1), cancellationToken);
            return;
        }

        if (context.Type == MessageComponent)
        {
            if (reply.ReplacesCard)
            {
                var update = bodies[0].DeepClone().AsObject();
                update.Remove("flags");
                await CheckAsync(rest.SendAsync(DiscordRoute.EditOriginal(app, context.Token), update, cancellationToken));
                await FollowUpAsync(context, bodies.Skip(1), cancellationToken);
            }
            else
            {
                await FollowUpAsync(context, bodies, cancellationToken);
            }

            return;
        }

        if (reply.Visibility == Visibility.OnlyInvoker)
        {
            // The deferral was public; a private answer replaces it with an ephemeral follow-up.
            await CheckAsync(rest.SendAsync(DiscordRoute.DeleteOriginal(app, context.Token), null, cancellationToken));
            await FollowUpAsync(context, bodies, cancellationToken);
            return;
        }

        await CheckAsync(rest.SendAsync(DiscordRoute.EditOriginal(app, context.Token), bodies[0], cancellationToken));
        await FollowUpAsync(context, bodies.Skip(1), cancellationToken);
    }

    private async Task FollowUpAsync(Context context, IEnumerable<JsonObject> bodies, CancellationToken cancellationToken)
    {
        foreach (var body in bodies)
        {
            await CheckAsync(rest.SendAsync(DiscordRoute.FollowUp(context.ApplicationId, context.Token), body, cancellationToken));
        }
    }

    private async Task SendCallbackAsync(Context context, int type, JsonObject? data, CancellationToken cancellationToken, DiscordFile? file = null)
    {
        context.Responded = true;
        var body = InteractionResponses.Callback(type, data);
        if (context.Inline is { } inline && file is null)
        {
            await inline.RespondAsync(body, timeProvider, cancellationToken);
            return;
        }

        await CheckAsync(rest.SendAsync(DiscordRoute.Callback(context.Id, context.Token), body, cancellationToken, file));
        context.Inline?.AnsweredThroughCallback();
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

    private async Task CheckAsync(Task<DiscordResponse> call)
    {
        var response = await call;
        if (!response.IsSuccess)
        {
            Log.AnswerFailed(logger, response.Describe());
        }
    }

    /// <summary>
    /// The command path, its string options, the focused option (autocomplete), and the options Discord sent typed
    /// (JSON integers, numbers, booleans), which go to the router as typed values rather than text.
    /// </summary>
    internal static (string? Path, Dictionary<string, string> Values, string? Focused, Dictionary<string, TypedValue> Typed) ReadCommand(JsonElement interaction)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var typed = new Dictionary<string, TypedValue>(StringComparer.Ordinal);
        string? focused = null;
        if (!interaction.TryGetProperty("data", out var data) || !data.TryGetProperty("name", out var name) || name.GetString() != DiscordCommandName)
        {
            return (null, values, null, typed);
        }

        var words = new List<string>();
        var options = data.TryGetProperty("options", out var o) ? o : default;
        while (options.ValueKind == JsonValueKind.Array)
        {
            var next = default(JsonElement);
            foreach (var option in options.EnumerateArray())
            {
                var type = option.TryGetProperty("type", out var t) ? t.GetInt32() : 0;
                var optionName = option.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
                if (type is 1 or 2)
                {
                    words.Add(optionName);
                    next = option.TryGetProperty("options", out var inner) ? inner : default;
                    break;
                }

                if (option.TryGetProperty("value", out var value))
                {
                    switch (value.ValueKind)
                    {
                        case JsonValueKind.True or JsonValueKind.False:
                            typed[optionName] = TypedValue.Of(value.GetBoolean());
                            break;
                        case JsonValueKind.Number when value.TryGetInt64(out var integer):
                            typed[optionName] = TypedValue.Of(integer);
                            break;
                        case JsonValueKind.Number:
                            typed[optionName] = TypedValue.Of(value.GetDouble());
                            break;
                        case JsonValueKind.String:
                            values[optionName] = value.GetString() ?? "";
                            break;
                        default:
                            values[optionName] = value.GetRawText();
                            break;
                    }
                }

                if (option.TryGetProperty("focused", out var f) && f.ValueKind == JsonValueKind.True)
                {
                    focused = optionName;
                }
            }

            options = next;
        }

        return (words.Count == 0 ? null : string.Join(' ', words), values, focused, typed);
    }

    private const string DiscordCommandName = Commands.DiscordCommandBuilder.RootName;

    private bool TryRead(JsonElement interaction, out Context context)
    {
        context = null!;
        if (interaction.ValueKind != JsonValueKind.Object
            || !interaction.TryGetProperty("id", out var id) || id.GetString() is not { } interactionId
            || !interaction.TryGetProperty("token", out var token) || token.GetString() is not { } interactionToken
            || !interaction.TryGetProperty("type", out var type) || !type.TryGetInt32(out var interactionType))
        {
            return false;
        }

        var guild = interaction.TryGetProperty("guild_id", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString() ?? "" : "";
        var channel = interaction.TryGetProperty("channel_id", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() ?? ""
            : interaction.TryGetProperty("channel", out var ch) && ch.TryGetProperty("id", out var chId) ? chId.GetString() ?? "" : "";
        var member = interaction.TryGetProperty("member", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var user = member.ValueKind == JsonValueKind.Object && member.TryGetProperty("user", out var mu) ? mu
            : interaction.TryGetProperty("user", out var u) ? u : default;
        var userId = user.ValueKind == JsonValueKind.Object && user.TryGetProperty("id", out var uid) ? uid.GetString() ?? "" : "";
        var display = FirstText(member, "nick") ?? FirstText(user, "global_name") ?? FirstText(user, "username") ?? userId;
        var moderatorRoles = options.Value.ModeratorRoleIds;
        var isModerator = member.ValueKind == JsonValueKind.Object && member.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
            && roles.EnumerateArray().Any(r => r.GetString() is { } role && moderatorRoles.Contains(role));
        var applicationId = interaction.TryGetProperty("application_id", out var a) && a.GetString() is { Length: > 0 } app ? app : options.Value.ApplicationId ?? "";

        context = new Context(interactionId, interactionToken, interactionType, applicationId,
            new Actor(new ActorRef(Platforms.Discord, guild, userId), display, isModerator),
            new ChannelRef(Platforms.Discord, guild, channel));
        return true;
    }

    private static string? FirstText(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private sealed class Context(string id, string token, int type, string applicationId, Actor actor, ChannelRef place)
    {
        public string Id { get; } = id;

        public string Token { get; } = token;

        public int Type { get; } = type;

        public string ApplicationId { get; } = applicationId;

        public Actor Actor { get; } = actor;

        public ChannelRef Place { get; } = place;

        public bool Responded { get; set; }

        public bool Deferred { get; set; }

        public InlineResponse? Inline { get; set; }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Id} type {Type}");
    }
}

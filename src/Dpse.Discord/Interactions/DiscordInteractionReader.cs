using System.Text.Json;
using Dpse.Core.Commands;
using Dpse.Core.Identity;

namespace Dpse.Discord.Interactions;

/// <summary>
/// Who acted and where, and the handles Discord gave for answering: the interaction's id and token (callback,
/// follow-ups, edits of the original), its type and the application id.
/// </summary>
internal sealed record DiscordInvoker(string Id, string Token, int Type, string ApplicationId, Actor Actor, ChannelRef Place);

/// <summary>
/// A /dpse command as typed: its path ("story show"), its text options, the options Discord sent typed (JSON
/// integers, numbers, booleans) and, for autocomplete, the option being typed.
/// </summary>
internal sealed record CommandInput(string Path, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, TypedValue> Typed, string? Focused);

/// <summary>One interaction to answer, by kind.</summary>
internal abstract record DiscordInteraction(DiscordInvoker Invoker);

/// <summary>A slash command; <see cref="Command"/> is null when it is not /dpse (or names no subcommand).</summary>
internal sealed record SlashCommandInteraction(DiscordInvoker Invoker, CommandInput? Command) : DiscordInteraction(Invoker);

/// <summary>A button press: its custom_id, as sent (the core tells ours from others).</summary>
internal sealed record ComponentInteraction(DiscordInvoker Invoker, string CustomId) : DiscordInteraction(Invoker);

/// <summary>
/// A submitted form: the command its custom_id carries and the options given before, with the non-blank fields
/// merged in; <see cref="Command"/> is null when the custom_id is not one of our forms (or no longer known).
/// </summary>
internal sealed record ModalSubmitInteraction(DiscordInvoker Invoker, CommandSpec? Command, IReadOnlyDictionary<string, string> Options) : DiscordInteraction(Invoker);

/// <summary>An autocomplete request; <see cref="Command"/> as for a slash command, its focused option set.</summary>
internal sealed record AutocompleteInteraction(DiscordInvoker Invoker, CommandInput? Command) : DiscordInteraction(Invoker);

/// <summary>
/// Reads Discord's INTERACTION_CREATE payloads into the records above, or null when there is nothing to act on (no
/// id, token or type; a type this bot does not answer). Nothing here talks to Discord or the core.
/// </summary>
internal static class DiscordInteractionReader
{
    public const int ApplicationCommand = 2;
    public const int MessageComponent = 3;
    public const int Autocomplete = 4;
    public const int ModalSubmit = 5;

    private const string DiscordCommandName = Commands.DiscordCommandBuilder.RootName;

    /// <summary>
    /// What the interaction is, read once its invoker is (<see cref="ReadInvoker"/>), or null for a type this bot does
    /// not answer (pings, and any type Discord adds later).
    /// </summary>
    public static DiscordInteraction? Read(JsonElement interaction, DiscordInvoker invoker) => invoker.Type switch
    {
        ApplicationCommand => new SlashCommandInteraction(invoker, ReadCommand(interaction)),
        Autocomplete => new AutocompleteInteraction(invoker, ReadCommand(interaction)),

        // GetProperty: a component or modal without data is a bug to report (it throws), as before the split.
        MessageComponent => new ComponentInteraction(invoker, CustomId(interaction.GetProperty("data"))),
        ModalSubmit => ReadModalSubmit(invoker, interaction.GetProperty("data")),
        _ => null,
    };

    /// <summary>The /dpse command's path and options, or null when the command is not ours or names no subcommand.</summary>
    public static CommandInput? ReadCommand(JsonElement interaction)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var typed = new Dictionary<string, TypedValue>(StringComparer.Ordinal);
        string? focused = null;
        if (!interaction.TryGetProperty("data", out var data) || !data.TryGetProperty("name", out var name) || name.GetString() != DiscordCommandName)
        {
            return null;
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
                    ReadValue(optionName, value, values, typed);
                }

                if (option.TryGetProperty("focused", out var f) && f.ValueKind == JsonValueKind.True)
                {
                    focused = optionName;
                }
            }

            options = next;
        }

        return words.Count == 0 ? null : new CommandInput(string.Join(' ', words), values, typed, focused);
    }

    /// <summary>Text input values of a modal submission, from Label (18) → component and Action Row (1) → components.</summary>
    public static IEnumerable<(string Name, string Value)> ModalValues(JsonElement data)
    {
        if (!data.TryGetProperty("components", out var components) || components.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var item in components.EnumerateArray())
        {
            if (item.TryGetProperty("component", out var single) && Input(single) is { } one)
            {
                yield return one;
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

    // Discord's integers, numbers and booleans go to the router typed; strings (and anything else) as text.
    private static void ReadValue(string name, JsonElement value, Dictionary<string, string> values, Dictionary<string, TypedValue> typed)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True or JsonValueKind.False:
                typed[name] = TypedValue.Of(value.GetBoolean());
                break;
            case JsonValueKind.Number when value.TryGetInt64(out var integer):
                typed[name] = TypedValue.Of(integer);
                break;
            case JsonValueKind.Number:
                typed[name] = TypedValue.Of(value.GetDouble());
                break;
            case JsonValueKind.String:
                values[name] = value.GetString() ?? "";
                break;
            default:
                values[name] = value.GetRawText();
                break;
        }
    }

    private static ModalSubmitInteraction ReadModalSubmit(DiscordInvoker invoker, JsonElement data)
    {
        if (FormIds.Decode(CustomId(data)) is not var (spec, given))
        {
            return new ModalSubmitInteraction(invoker, null, new Dictionary<string, string>(StringComparer.Ordinal));
        }

        foreach (var (name, value) in ModalValues(data))
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                given[name] = value;
            }
        }

        return new ModalSubmitInteraction(invoker, spec, given);
    }

    private static string CustomId(JsonElement data) => data.TryGetProperty("custom_id", out var id) ? id.GetString() ?? "" : "";

    /// <summary>Who acted, where, and how to answer; null when the interaction has no id, token or type.</summary>
    public static DiscordInvoker? ReadInvoker(JsonElement interaction, DiscordOptions options)
    {
        if (interaction.ValueKind != JsonValueKind.Object
            || !interaction.TryGetProperty("id", out var id) || id.GetString() is not { } interactionId
            || !interaction.TryGetProperty("token", out var token) || token.GetString() is not { } interactionToken
            || !interaction.TryGetProperty("type", out var type) || !type.TryGetInt32(out var interactionType))
        {
            return null;
        }

        var guild = interaction.TryGetProperty("guild_id", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString() ?? "" : "";
        var channel = interaction.TryGetProperty("channel_id", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() ?? ""
            : interaction.TryGetProperty("channel", out var ch) && ch.TryGetProperty("id", out var chId) ? chId.GetString() ?? "" : "";
        var member = interaction.TryGetProperty("member", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var user = member.ValueKind == JsonValueKind.Object && member.TryGetProperty("user", out var mu) ? mu
            : interaction.TryGetProperty("user", out var u) ? u : default;
        var userId = user.ValueKind == JsonValueKind.Object && user.TryGetProperty("id", out var uid) ? uid.GetString() ?? "" : "";
        var display = FirstText(member, "nick") ?? FirstText(user, "global_name") ?? FirstText(user, "username") ?? userId;
        var moderatorRoles = options.ModeratorRoleIds;
        var isModerator = member.ValueKind == JsonValueKind.Object && member.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
            && roles.EnumerateArray().Any(r => r.GetString() is { } role && moderatorRoles.Contains(role));
        var applicationId = interaction.TryGetProperty("application_id", out var a) && a.GetString() is { Length: > 0 } app ? app : options.ApplicationId ?? "";

        return new DiscordInvoker(interactionId, interactionToken, interactionType, applicationId,
            new Actor(new ActorRef(Platforms.Discord, guild, userId), display, isModerator),
            new ChannelRef(Platforms.Discord, guild, channel));
    }

    private static string? FirstText(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}

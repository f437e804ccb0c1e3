using System.Text.Json.Nodes;
using Dpse.Core.Commands;
using Dpse.Discord.Rendering;

namespace Dpse.Discord.Interactions;

/// <summary>Interaction callback types and the bodies the handler sends.</summary>
internal static class InteractionResponses
{
    public const int ChannelMessage = 4;
    public const int DeferredChannelMessage = 5;
    public const int DeferredUpdateMessage = 6;
    public const int UpdateMessage = 7;
    public const int AutocompleteResult = 8;
    public const int Modal = 9;

    public static JsonObject Callback(int type, JsonObject? data = null)
    {
        var body = new JsonObject { ["type"] = type };
        if (data is not null)
        {
            body["data"] = data;
        }

        return body;
    }

    /// <summary>The modal for a form: one labelled text input per field, already-given field values filled in.</summary>
    public static JsonObject? ModalData(FormRequest form)
    {
        var fields = form.Form.Fields.Take(DiscordLimits.ModalComponents).ToHashSet(StringComparer.Ordinal);
        var carried = form.Given.Where(g => !fields.Contains(g.Key));
        if (FormIds.Encode(form.Command.Path, carried) is not { } customId)
        {
            return null;
        }

        var components = new JsonArray();
        foreach (var name in form.Form.Fields.Take(DiscordLimits.ModalComponents))
        {
            var option = form.Command.Option(name);
            var description = option?.Description ?? name;
            var input = new JsonObject
            {
                ["type"] = 4,
                ["custom_id"] = name,
                ["style"] = option?.Kind == OptionKind.LongText ? 2 : 1,
                ["required"] = option?.Required ?? false,
                ["max_length"] = Math.Clamp(option?.MaxLength ?? DiscordLimits.TextInputLength, 1, DiscordLimits.TextInputLength),
            };
            if (form.Given.TryGetValue(name, out var value) && value.Length > 0)
            {
                input["value"] = DiscordMarkdown.Truncate(value, DiscordLimits.TextInputLength);
            }

            var label = new JsonObject
            {
                ["type"] = 18,
                ["label"] = description.Length <= DiscordLimits.LabelText ? description : Capitalise(name),
                ["component"] = input,
            };
            if (description.Length > DiscordLimits.LabelText)
            {
                label["description"] = DiscordMarkdown.Truncate(description, DiscordLimits.LabelDescription);
            }

            components.Add(label);
        }

        return new JsonObject
        {
            ["custom_id"] = customId,
            ["title"] = DiscordMarkdown.Truncate(form.Form.Title, DiscordLimits.ModalTitle),
            ["components"] = components,
        };
    }

    private static string Capitalise(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..].Replace('-', ' ');
}

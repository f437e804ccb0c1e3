using System.Text.Json.Nodes;
using Dpse.Core.Commands;

namespace Dpse.Slack.Rendering;

/// <summary>
/// Renders a core <see cref="FormRequest"/> as a Slack modal: one input block per form field, whose <c>block_id</c> is
/// the option name (so a field error can be returned inline with <c>response_action: errors</c>).
/// </summary>
public static class ModalRenderer
{
    /// <summary>The modal's callback id.</summary>
    public const string CallbackId = "dpse:form";

    /// <summary>The action id of every input element.</summary>
    public const string InputActionId = "value";

    /// <summary>Builds the view for views.open.</summary>
    public static JsonObject Render(FormRequest form, string privateMetadata)
    {
        ArgumentNullException.ThrowIfNull(form);
        var blocks = new JsonArray();
        foreach (var name in form.Form.Fields.Take(SlackLimits.BlocksPerView))
        {
            var option = form.Command.Option(name);
            if (option is null)
            {
                continue;
            }

            var element = new JsonObject
            {
                ["type"] = "plain_text_input",
                ["action_id"] = InputActionId,
                ["multiline"] = option.Kind == OptionKind.LongText,
                ["max_length"] = Math.Clamp(option.MaxLength, 1, SlackLimits.InputMaxLength),
            };
            if (form.Given.TryGetValue(name, out var given) && given.Length > 0)
            {
                element["initial_value"] = given.Length <= SlackLimits.InputMaxLength ? given : given[..SlackLimits.InputMaxLength];
            }

            var block = new JsonObject
            {
                ["type"] = "input",
                ["block_id"] = name,
                ["optional"] = !option.Required,
                ["label"] = BlockKitRenderer.PlainText(Label(name), SlackLimits.InputLabel),
                ["element"] = element,
            };
            if (!string.IsNullOrWhiteSpace(option.Description))
            {
                block["hint"] = BlockKitRenderer.PlainText(option.Description, SlackLimits.InputLabel);
            }

            blocks.Add(block);
        }

        return new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = CallbackId,
            ["title"] = BlockKitRenderer.PlainText(form.Form.Title, SlackLimits.ViewTitle),
            ["submit"] = BlockKitRenderer.PlainText("Submit", SlackLimits.ViewTitle),
            ["close"] = BlockKitRenderer.PlainText("Cancel", SlackLimits.ViewTitle),
            ["private_metadata"] = privateMetadata,
            ["blocks"] = blocks,
        };
    }

    private static string Label(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..].Replace('-', ' ');
}

using System.Text;
using Dpse.Core.Commands;

namespace Dpse.Core.Messages;

/// <summary>
/// Renders a neutral message as plain text for the terminal: headers underlined, fields as "Label: value",
/// times in the event's zone with the zone named, and buttons as the commands they stand for.
/// </summary>
public static class PlainTextRenderer
{
    /// <summary>The message as lines of text (no trailing newline).</summary>
    public static string Render(Message message)
    {
        var text = new StringBuilder();
        var prefix = message.Tone == Tone.Error ? "Error: " : "";
        foreach (var block in message.Blocks)
        {
            switch (block)
            {
                case HeaderBlock header:
                    Line(text, header.Text);
                    Line(text, new string('=', Math.Min(60, Math.Max(3, header.Text.Length))));
                    break;
                case TextBlock paragraph:
                    Line(text, prefix + PlainText.Of(paragraph.Spans));
                    prefix = "";
                    break;
                case FieldsBlock fields:
                    foreach (var field in fields.Fields)
                    {
                        Line(text, $"{field.Label}: {field.Value}");
                    }

                    break;
                case ContextBlock context:
                    Line(text, "  " + PlainText.Of(context.Spans));
                    break;
                case ActionsBlock actions:
                    Line(text, "  " + string.Join("  ", actions.Buttons.Select(Button)));
                    break;
                case DividerBlock:
                    Line(text, "---");
                    break;
            }
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>A button as what to type: [Celebrate → /dpse story celebrate 42].</summary>
    private static string Button(MessageButton button)
    {
        var command = ActionIds.PageCommandText(button.ActionId) is { } page
            ? "/dpse " + page
            : CommandFor(button.ActionId);
        return command is null ? $"[{button.Label}]" : $"[{button.Label} → {command}]";
    }

    private static string? CommandFor(string actionId)
    {
        var actor = new Identity.Actor(new Identity.ActorRef("", "", ""), "", false);
        var request = ActionIds.ToRequest(actionId, actor, new Identity.ChannelRef("", "", ""));
        return request is null ? null : $"/dpse {request.Path} {string.Join(' ', request.Options.Values)}";
    }

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Dpse.Core.Messages;

namespace Dpse.Discord.Rendering;

/// <summary>
/// Turns the neutral <see cref="Message"/> into Discord message bodies (embeds and button rows) within every limit.
/// Each entry (the blocks between dividers) becomes an embed; a long message is split between entries into several
/// Discord messages, and a block that does not fit on its own is cut visibly. Every body carries
/// <c>allowed_mentions: {"parse": []}</c>, so nothing in user text can ping anyone.
/// </summary>
internal static class DiscordRenderer
{
    /// <summary>Message flag: only the invoker sees the message (interaction responses only).</summary>
    public const int EphemeralFlag = 64;


    /// <summary>Embed colour for each tone.</summary>
    public static int Colour(Tone tone) => tone switch
    {
        Tone.Success => 0x57F287,
        Tone.Warning => 0xFEE75C,
        Tone.Error => 0xED4245,
        _ => 0x5865F2,
    };

    /// <summary>Renders a reply: the message, flag 64 when only the invoker may see it, and an attachment as a code block.</summary>
    public static IReadOnlyList<JsonObject> RenderReply(Reply reply)
    {
        var bodies = Render(reply.Message);
        if (reply.Attachment is { } attachment)
        {
            var first = bodies[0];
            first["content"] = AttachmentContent(attachment);
        }

        if (reply.Visibility == Visibility.OnlyInvoker)
        {
            foreach (var body in bodies)
            {
                body["flags"] = EphemeralFlag;
            }
        }

        return bodies;
    }

    /// <summary>Renders a message into one or more Discord message bodies, in order.</summary>
    public static IReadOnlyList<JsonObject> Render(Message message)
    {
        var colour = Colour(message.Tone);
        var packer = new Packer();
        foreach (var entry in Entries(message.Blocks))
        {
            var (embeds, rows) = RenderEntry(entry, colour);
            packer.Add(embeds, rows);
        }

        var bodies = packer.Finish();
        if (bodies.Count == 0)
        {
            var text = string.IsNullOrWhiteSpace(message.FallbackText) ? DiscordLimits.Ellipsis : DiscordMarkdown.Escape(message.FallbackText);
            bodies.Add(Body(DiscordMarkdown.Truncate(text, DiscordLimits.Content), [], []));
        }

        return bodies;
    }

    /// <summary>The attachment as a code block in the content, cut visibly to the content limit.</summary>
    public static string AttachmentContent(Attachment attachment)
    {
        var name = DiscordMarkdown.Escape(attachment.FileName);
        // A zero-width space after every backtick: no run of backticks (three, four or more) can close the fence.
        var code = attachment.Content.Replace("`", "`\u200b", StringComparison.Ordinal);
        var head = $"**{name}**\n```json\n";
        const string Tail = "\n```";
        var room = DiscordLimits.Content - head.Length - Tail.Length;
        if (code.Length > room)
        {
            var note = string.Create(CultureInfo.InvariantCulture, $"\n… ({code.Length} characters in all; use a smaller export)");
            var cut = Math.Max(room - note.Length, 0);
            if (cut > 0 && char.IsHighSurrogate(code[cut - 1]))
            {
                cut--;
            }

            code = string.Concat(code.AsSpan(0, cut), note);
        }

        return head + code + Tail;
    }

    /// <summary>Spans as Discord markdown; user text is escaped.</summary>
    public static string Spans(IEnumerable<TextSpan> spans)
    {
        var builder = new StringBuilder();
        foreach (var span in spans)
        {
            switch (span)
            {
                case PlainSpan plain:
                    builder.Append(DiscordMarkdown.Escape(plain.Text));
                    break;
                case BoldSpan bold when bold.Text.Length > 0:
                    builder.Append("**").Append(DiscordMarkdown.Escape(bold.Text)).Append("**");
                    break;
                case ItalicSpan italic when italic.Text.Length > 0:
                    builder.Append('_').Append(DiscordMarkdown.Escape(italic.Text)).Append('_');
                    break;
                case CodeSpan code:
                    builder.Append(DiscordMarkdown.Code(code.Text));
                    break;
                case LinkSpan link:
                    builder.Append(Link(link));
                    break;
                case TimeSpanText time:
                    builder.Append("<t:").Append(time.At.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)).Append(":F>");
                    break;
                case LineBreakSpan:
                    builder.Append('\n');
                    break;
                default:
                    break;
            }
        }

        return builder.ToString();
    }

    private static string Link(LinkSpan link)
    {
        var isWeb = Uri.TryCreate(link.Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
        var label = DiscordMarkdown.Escape(string.IsNullOrWhiteSpace(link.Label) ? link.Url : link.Label);
        if (!isWeb)
        {
            return label;
        }

        var url = uri!.AbsoluteUri.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal);
        return $"[{label}]({url})";
    }

    private static IEnumerable<List<MessageBlock>> Entries(IReadOnlyList<MessageBlock> blocks)
    {
        var entry = new List<MessageBlock>();
        foreach (var block in blocks)
        {
            if (block is DividerBlock)
            {
                if (entry.Count > 0)
                {
                    yield return entry;
                    entry = [];
                }

                continue;
            }

            entry.Add(block);
        }

        if (entry.Count > 0)
        {
            yield return entry;
        }
    }

    private static (List<EmbedDraft> Embeds, List<JsonObject> Rows) RenderEntry(List<MessageBlock> entry, int colour)
    {
        var embeds = new List<EmbedDraft>();
        var buttons = new List<JsonObject>();
        var current = new EmbedDraft(colour);
        embeds.Add(current);

        EmbedDraft Next()
        {
            current = new EmbedDraft(colour);
            embeds.Add(current);
            return current;
        }

        for (var i = 0; i < entry.Count; i++)
        {
            switch (entry[i])
            {
                case HeaderBlock header:
                    if (!current.IsEmpty)
                    {
                        Next();
                    }

                    current.Title = DiscordMarkdown.Truncate(DiscordMarkdown.Escape(header.Text), DiscordLimits.EmbedTitle);
                    break;
                case TextBlock text:
                    AddDescription(Spans(text.Spans));
                    break;
                case ContextBlock context when i == entry.Count - 1 && !current.IsEmpty && current.Footer is null:
                    var footer = DiscordMarkdown.Truncate(PlainText.Of(context.Spans).Trim(), DiscordLimits.EmbedFooter);
                    if (footer.Length > 0)
                    {
                        if (current.Total + footer.Length > DiscordLimits.EmbedTotal)
                        {
                            Next();
                        }

                        current.Footer = footer;
                    }

                    break;
                case ContextBlock context:
                    AddDescription("-# " + Spans(context.Spans).Replace("\n", "\n-# ", StringComparison.Ordinal));
                    break;
                case FieldsBlock fields:
                    foreach (var field in fields.Fields)
                    {
                        var name = DiscordMarkdown.Truncate(DiscordMarkdown.Escape(field.Label), DiscordLimits.EmbedFieldName);
                        var value = DiscordMarkdown.Truncate(DiscordMarkdown.Escape(field.Value), DiscordLimits.EmbedFieldValue);
                        name = name.Trim().Length == 0 ? "\u200b" : name;
                        value = value.Trim().Length == 0 ? "\u200b" : value;
                        if (current.Fields.Count >= DiscordLimits.EmbedFields || current.Total + name.Length + value.Length > DiscordLimits.EmbedTotal)
                        {
                            Next();
                        }

                        current.Fields.Add((name, value, field.Inline));
                    }

                    break;
                case ActionsBlock actions:
                    foreach (var button in actions.Buttons)
                    {
                        if (Button(button) is { } rendered)
                        {
                            buttons.Add(rendered);
                        }
                    }

                    break;
                default:
                    break;
            }
        }

        embeds.RemoveAll(e => e.IsEmpty);
        var rows = buttons
            .Chunk(DiscordLimits.ButtonsPerRow)
            .Take(DiscordLimits.RowsPerMessage)
            .Select(chunk => new JsonObject { ["type"] = 1, ["components"] = new JsonArray([.. chunk]) })
            .ToList();
        return (embeds, rows);

        void AddDescription(string text)
        {
            if (text.Trim().Length == 0)
            {
                return;
            }

            text = DiscordMarkdown.Truncate(text, DiscordLimits.EmbedDescription);
            var separator = current.Description.Length == 0 ? 0 : 2;
            if (current.Description.Length + separator + text.Length > DiscordLimits.EmbedDescription
                || current.Total + separator + text.Length > DiscordLimits.EmbedTotal)
            {
                Next();
                separator = 0;
            }

            if (separator > 0)
            {
                current.Description.Append("\n\n");
            }

            current.Description.Append(text);
        }
    }

    private static JsonObject? Button(MessageButton button)
    {
        if (string.IsNullOrEmpty(button.ActionId) || button.ActionId.Length > DiscordLimits.CustomId)
        {
            return null;
        }

        var label = DiscordMarkdown.Truncate(button.Label.Trim(), DiscordLimits.ButtonLabel);
        return new JsonObject
        {
            ["type"] = 2,
            ["style"] = button.Style switch
            {
                ButtonStyle.Primary => 1,
                ButtonStyle.Danger => 4,
                _ => 2,
            },
            ["label"] = label.Length == 0 ? DiscordLimits.Ellipsis : label,
            ["custom_id"] = button.ActionId,
        };
    }

    private static JsonObject Body(string? content, List<EmbedDraft> embeds, List<JsonObject> rows)
    {
        var body = new JsonObject();
        if (content is not null)
        {
            body["content"] = content;
        }

        body["embeds"] = new JsonArray([.. embeds.Select(e => e.ToJson())]);
        body["components"] = new JsonArray([.. rows]);
        body["allowed_mentions"] = NoMentions();
        return body;
    }

    /// <summary>Nobody is pinged: no users, roles, @everyone or @here, whatever the text says.</summary>
    public static JsonObject NoMentions() => new() { ["parse"] = new JsonArray() };

    private sealed class Packer
    {
        private readonly List<JsonObject> _bodies = [];
        private List<EmbedDraft> _embeds = [];
        private List<JsonObject> _rows = [];
        private int _total;

        public void Add(List<EmbedDraft> embeds, List<JsonObject> rows)
        {
            var total = embeds.Sum(e => e.Total);
            if (_embeds.Count > 0
                && (_embeds.Count + embeds.Count > DiscordLimits.EmbedsPerMessage
                    || _total + total > DiscordLimits.EmbedTotal
                    || _rows.Count + rows.Count > DiscordLimits.RowsPerMessage))
            {
                Flush();
            }

            foreach (var embed in embeds)
            {
                if (_embeds.Count > 0 && (_embeds.Count + 1 > DiscordLimits.EmbedsPerMessage || _total + embed.Total > DiscordLimits.EmbedTotal))
                {
                    Flush();
                }

                _embeds.Add(embed);
                _total += embed.Total;
            }

            if (_rows.Count + rows.Count > DiscordLimits.RowsPerMessage)
            {
                Flush();
            }

            _rows.AddRange(rows);
        }

        public List<JsonObject> Finish()
        {
            Flush();
            return _bodies;
        }

        private void Flush()
        {
            if (_embeds.Count == 0 && _rows.Count == 0)
            {
                return;
            }

            _bodies.Add(Body(null, _embeds, _rows));
            _embeds = [];
            _rows = [];
            _total = 0;
        }
    }

    private sealed class EmbedDraft(int colour)
    {
        public string? Title { get; set; }

        public StringBuilder Description { get; } = new();

        public List<(string Name, string Value, bool Inline)> Fields { get; } = [];

        public string? Footer { get; set; }

        public bool IsEmpty => Title is null && Description.Length == 0 && Fields.Count == 0 && Footer is null;

        public int Total => (Title?.Length ?? 0) + Description.Length + Fields.Sum(f => f.Name.Length + f.Value.Length) + (Footer?.Length ?? 0);

        public JsonObject ToJson()
        {
            var embed = new JsonObject { ["type"] = "rich", ["color"] = colour };
            if (Title is not null)
            {
                embed["title"] = Title;
            }

            if (Description.Length > 0)
            {
                embed["description"] = Description.ToString();
            }

            if (Fields.Count > 0)
            {
                embed["fields"] = new JsonArray([.. Fields.Select(f => new JsonObject { ["name"] = f.Name, ["value"] = f.Value, ["inline"] = f.Inline })]);
            }

            if (Footer is not null)
            {
                embed["footer"] = new JsonObject { ["text"] = Footer };
            }

            return embed;
        }
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Dpse.Core.Messages;
using Dpse.Core.Time;

namespace Dpse.Slack.Rendering;

/// <summary>
/// Renders the core's neutral <see cref="Message"/> to Block Kit inside every <see cref="SlackLimits"/> limit.
/// User text is escaped wherever it lands; only <see cref="LinkSpan"/> and <see cref="TimeSpanText"/> produce
/// Slack's angle-bracket markup. A long message is split between entries (runs of blocks between dividers),
/// never inside one; a single over-long piece is truncated with a visible ellipsis.
/// </summary>
public static class BlockKitRenderer
{
    /// <summary>Renders a message as one or more Slack messages, in order.</summary>
    public static IReadOnlyList<SlackMessage> Render(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var tonePrefix = ToneEmoji(message.Tone);
        var entries = new List<List<JsonObject>>();
        var current = new List<MessageBlock>();
        foreach (var block in message.Blocks)
        {
            if (block is DividerBlock)
            {
                entries.Add(RenderEntry(current, ref tonePrefix));
                current = [];
            }
            else
            {
                current.Add(block);
            }
        }

        entries.Add(RenderEntry(current, ref tonePrefix));
        entries.RemoveAll(e => e.Count == 0);
        if (tonePrefix is not null)
        {
            // No header or paragraph took the tone: show it as a context line first.
            var toneBlock = Context(tonePrefix.Trim());
            if (entries.Count == 0)
            {
                entries.Add([toneBlock]);
            }
            else
            {
                entries[0].Insert(0, toneBlock);
            }
        }

        var pages = Pack(entries);
        var fallback = FallbackText(message);
        var result = new List<SlackMessage>(pages.Count);
        for (var i = 0; i < pages.Count; i++)
        {
            var text = pages.Count == 1
                ? fallback
                : SlackText.Truncate(fallback, SlackLimits.FallbackText - 12) + string.Create(CultureInfo.InvariantCulture, $" ({i + 1}/{pages.Count})");
            result.Add(new SlackMessage(text, new JsonArray([.. pages[i]])));
        }

        return result;
    }

    /// <summary>Renders an export as a code block, truncated visibly when it is longer than one section allows.</summary>
    public static SlackMessage RenderAttachment(Attachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        const string Fence = "```";
        var builder = new StringBuilder(Fence);
        // A zero-width space after every backtick: no run of backticks in the export can close the code block.
        var code = attachment.Content.Replace("`", "`\u200b", StringComparison.Ordinal);
        var fits = SlackText.AppendEscaped(builder, code, SlackLimits.SectionText - (2 * Fence.Length) - SlackLimits.Ellipsis.Length);
        if (!fits)
        {
            builder.Append(SlackLimits.Ellipsis);
        }

        builder.Append(Fence);
        var name = SlackText.EscapeAndTruncate(attachment.FileName, 200);
        var note = fits
            ? $"`{name}`, {attachment.Content.Length.ToString(CultureInfo.InvariantCulture)} characters"
            : $"`{name}` is too long for a message: the start is shown above ({attachment.Content.Length.ToString(CultureInfo.InvariantCulture)} characters in all). Run the command from the shell for the whole file.";
        var blocks = new JsonArray(Section(builder.ToString()), Context(note));
        return new SlackMessage(name, blocks);
    }

    /// <summary>Renders spans as Slack mrkdwn within <paramref name="limit"/> characters.</summary>
    /// <param name="spans">The spans.</param>
    /// <param name="limit">The longest result.</param>
    /// <param name="prefix">Renderer markup put first, unescaped (the tone's emoji).</param>
    public static string RenderSpans(IReadOnlyList<TextSpan> spans, int limit, string prefix = "")
    {
        var builder = new StringBuilder(prefix);
        if (AppendSpans(builder, spans, int.MaxValue) && builder.Length <= limit)
        {
            return builder.ToString();
        }

        builder.Clear().Append(prefix);
        AppendSpans(builder, spans, limit - SlackLimits.Ellipsis.Length);
        return builder.Append(SlackLimits.Ellipsis).ToString();
    }

    /// <summary>A Slack date token: each reader sees their own time; the fallback names the event's zone.</summary>
    public static string DateToken(TimeSpanText time)
    {
        var unix = time.At.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var fallback = SlackText.Escape(EventTime.Describe(time.At, time.TimeZone)).Replace("|", "/", StringComparison.Ordinal);
        return $"<!date^{unix}^{{date_short_pretty}} at {{time}}|{fallback}>";
    }

    /// <summary>A link built by the renderer: only http(s) URLs, with the label escaped.</summary>
    public static string? LinkToken(LinkSpan link)
    {
        if (!Uri.TryCreate(link.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }

        var url = uri.AbsoluteUri.Replace("|", "%7C", StringComparison.Ordinal);
        url = SlackText.Escape(url);
        var label = SlackText.Escape(string.IsNullOrWhiteSpace(link.Label) ? uri.AbsoluteUri : link.Label).Replace("|", "/", StringComparison.Ordinal);
        return $"<{url}|{label}>";
    }

    internal static JsonObject PlainText(string text, int limit) => new()
    {
        ["type"] = "plain_text",
        ["text"] = SlackText.EscapeAndTruncate(text.Length == 0 ? " " : text, limit),
        ["emoji"] = true,
    };

    private static List<JsonObject> RenderEntry(List<MessageBlock> blocks, ref string? tonePrefix)
    {
        var result = new List<JsonObject>();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case HeaderBlock header:
                    var headerText = tonePrefix is null ? header.Text : tonePrefix + header.Text;
                    tonePrefix = null;
                    result.Add(new JsonObject { ["type"] = "header", ["text"] = PlainText(headerText, SlackLimits.HeaderText) });
                    break;
                case TextBlock text:
                    var mrkdwn = RenderSpans(text.Spans, SlackLimits.SectionText, tonePrefix ?? "");
                    tonePrefix = null;
                    if (mrkdwn.Length > 0)
                    {
                        result.Add(Section(mrkdwn));
                    }

                    break;
                case FieldsBlock fields:
                    foreach (var chunk in fields.Fields.Chunk(SlackLimits.FieldsPerSection))
                    {
                        // Ten fields at 2,000 each would pass the per-field limit yet sink the message (msg_blocks_too_long).
                        var array = new JsonArray();
                        var perField = Math.Min(SlackLimits.FieldText, SlackLimits.MessageBlockChars / 2 / chunk.Length);
                        foreach (var field in chunk)
                        {
                            array.Add(Mrkdwn(RenderField(field, perField)));
                        }

                        result.Add(new JsonObject { ["type"] = "section", ["fields"] = array });
                    }

                    break;
                case ContextBlock context:
                    var line = RenderSpans(context.Spans, SlackLimits.ContextText);
                    if (line.Length > 0)
                    {
                        result.Add(Context(line));
                    }

                    break;
                case ActionsBlock actions:
                    result.AddRange(RenderActions(actions));
                    break;
            }
        }

        return result;
    }

    private static string RenderField(MessageField field, int limit)
    {
        var label = "*" + SlackText.EscapeAndTruncate(field.Label, 100) + "*\n";
        return label + SlackText.EscapeAndTruncate(field.Value.Length == 0 ? "-" : field.Value, limit - label.Length);
    }

    private static IEnumerable<JsonObject> RenderActions(ActionsBlock actions)
    {
        var buttons = new List<JsonObject>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var button in actions.Buttons)
        {
            // An id Slack would reject, or a repeated one, would sink the whole message: leave that button out.
            if (string.IsNullOrEmpty(button.ActionId) || button.ActionId.Length > SlackLimits.ActionId || !seen.Add(button.ActionId))
            {
                continue;
            }

            var element = new JsonObject
            {
                ["type"] = "button",
                ["text"] = PlainText(button.Label, SlackLimits.ButtonText),
                ["action_id"] = button.ActionId,
            };
            if (button.ActionId.Length <= SlackLimits.ButtonValue)
            {
                element["value"] = button.ActionId;
            }

            var style = button.Style switch
            {
                ButtonStyle.Primary => "primary",
                ButtonStyle.Danger => "danger",
                _ => null,
            };
            if (style is not null)
            {
                element["style"] = style;
            }

            buttons.Add(element);
        }

        foreach (var chunk in buttons.Chunk(SlackLimits.ElementsPerActions))
        {
            yield return new JsonObject { ["type"] = "actions", ["elements"] = new JsonArray([.. chunk]) };
        }
    }

    private static List<List<JsonObject>> Pack(List<List<JsonObject>> entries)
    {
        var pages = new List<List<JsonObject>>();
        var page = new List<JsonObject>();
        var chars = 0;
        foreach (var raw in entries)
        {
            var entry = Bound(raw);
            var size = entry.Sum(Size);
            var divider = page.Count > 0 ? 1 : 0;
            if (page.Count > 0 && (page.Count + divider + entry.Count > SlackLimits.BlocksPerMessage || chars + size > SlackLimits.MessageBlockChars))
            {
                pages.Add(page);
                page = [];
                chars = 0;
                divider = 0;
            }

            if (divider == 1)
            {
                page.Add(new JsonObject { ["type"] = "divider" });
            }

            page.AddRange(entry);
            chars += size;
        }

        if (page.Count > 0 || pages.Count == 0)
        {
            pages.Add(page.Count > 0 ? page : [Section(SlackLimits.Ellipsis)]);
        }

        return pages;
    }

    // One entry larger than a whole message cannot be split without breaking it apart: keep what fits, say so.
    private static List<JsonObject> Bound(List<JsonObject> entry)
    {
        var notice = Context("_" + SlackLimits.Ellipsis + " (shortened: too long for one Slack message)_");
        var budget = SlackLimits.MessageBlockChars - Size(notice);
        if (entry.Count <= SlackLimits.BlocksPerMessage && entry.Sum(Size) <= SlackLimits.MessageBlockChars)
        {
            return entry;
        }

        var kept = new List<JsonObject>();
        var used = 0;
        foreach (var block in entry)
        {
            var size = Size(block);
            if (kept.Count + 2 > SlackLimits.BlocksPerMessage || used + size > budget)
            {
                break;
            }

            kept.Add(block);
            used += size;
        }

        kept.Add(notice);
        return kept;
    }

    private static int Size(JsonObject block) => block.ToJsonString().Length;

    private static string FallbackText(Message message)
    {
        var text = message.FallbackText;
        if (string.IsNullOrWhiteSpace(text))
        {
            text = message.Blocks switch
            {
                _ when message.Blocks.OfType<HeaderBlock>().FirstOrDefault() is { } header => header.Text,
                _ when message.Blocks.OfType<TextBlock>().FirstOrDefault() is { } paragraph => Core.Messages.PlainText.Of(paragraph.Spans, " "),
                _ => "Dpse",
            };
        }

        return SlackText.EscapeAndTruncate(text, SlackLimits.FallbackText - 12);
    }

    private static bool AppendSpans(StringBuilder builder, IReadOnlyList<TextSpan> spans, int budget)
    {
        foreach (var span in spans)
        {
            var remaining = budget - builder.Length;
            var fitted = span switch
            {
                PlainSpan plain => SlackText.AppendEscaped(builder, plain.Text, remaining),
                BoldSpan bold => AppendStyled(builder, "*", bold.Text, remaining),
                ItalicSpan italic => AppendStyled(builder, "_", italic.Text, remaining),
                CodeSpan code => AppendStyled(builder, "`", code.Text, remaining),
                LinkSpan link => LinkToken(link) is { } token
                    ? AppendAtom(builder, token, remaining)
                    : SlackText.AppendEscaped(builder, link.Label + " (" + link.Url + ")", remaining),
                TimeSpanText time => AppendAtom(builder, DateToken(time), remaining),
                LineBreakSpan => AppendAtom(builder, "\n", remaining),
                _ => true,
            };
            if (!fitted)
            {
                return false;
            }
        }

        return true;
    }

    private static bool AppendAtom(StringBuilder builder, string atom, int remaining)
    {
        if (atom.Length > remaining)
        {
            return false;
        }

        builder.Append(atom);
        return true;
    }

    private static bool AppendStyled(StringBuilder builder, string mark, string text, int remaining)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return SlackText.AppendEscaped(builder, text, remaining);
        }

        if (remaining < (2 * mark.Length) + 1)
        {
            return false;
        }

        // Slack needs the mark against a word: keep surrounding spaces outside it.
        var trimmed = text.Trim();
        var lead = text[..text.IndexOf(trimmed[0], StringComparison.Ordinal)];
        var trail = text[(lead.Length + trimmed.Length)..];
        var start = builder.Length;
        if (!SlackText.AppendEscaped(builder, lead, remaining))
        {
            return false;
        }

        builder.Append(mark);
        var fitted = SlackText.AppendEscaped(builder, trimmed, remaining - (builder.Length - start) - mark.Length);
        builder.Append(mark);
        return fitted && SlackText.AppendEscaped(builder, trail, remaining - (builder.Length - start));
    }

    private static JsonObject Section(string mrkdwn) => new() { ["type"] = "section", ["text"] = Mrkdwn(mrkdwn) };

    private static JsonObject Context(string mrkdwn) => new() { ["type"] = "context", ["elements"] = new JsonArray(Mrkdwn(mrkdwn)) };

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text, ["verbatim"] = true };

    private static string? ToneEmoji(Tone tone) => tone switch
    {
        Tone.Success => ":white_check_mark: ",
        Tone.Warning => ":warning: ",
        Tone.Error => ":x: ",
        _ => null,
    };
}

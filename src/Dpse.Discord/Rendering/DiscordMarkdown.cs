using System.Text;

namespace Dpse.Discord.Rendering;

/// <summary>
/// Escapes user text for Discord markdown so it shows as typed: no bold, no masked links, no headings, no
/// mentions or timestamps (the <c>allowed_mentions</c> field is the real guard against pings; this keeps the text literal).
/// </summary>
internal static class DiscordMarkdown
{
    // Characters with a meaning anywhere in a line.
    private const string Anywhere = "\\*_~`|[]<@";

    public static string Escape(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length + 8);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                continue;
            }

            if (c == '\n')
            {
                builder.Append('\n');
                lineStart = true;
                continue;
            }

            if (lineStart)
            {
                if (c is ' ' or '\t')
                {
                    builder.Append(c);
                    continue;
                }

                // Headings, quotes, lists and subtext only count at the start of a line.
                if (c is '#' or '-' or '+' or '>')
                {
                    builder.Append('\\');
                }
                else if (char.IsAsciiDigit(c))
                {
                    var j = i;
                    while (j < text.Length && char.IsAsciiDigit(text[j]))
                    {
                        j++;
                    }

                    if (j < text.Length && text[j] == '.')
                    {
                        builder.Append(text, i, j - i).Append("\\.");
                        i = j;
                        lineStart = false;
                        continue;
                    }
                }

                lineStart = false;
            }

            if (Anywhere.Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Inline code: backticks inside are swapped for a look-alike so the span cannot be closed early.</summary>
    public static string Code(string text)
    {
        var inner = text.Replace('`', 'ˋ').Replace('\n', ' ');
        return inner.Length == 0 ? "" : $"`{inner}`";
    }

    /// <summary>Cuts rendered markdown to at most <paramref name="max"/> characters, ending with a visible ellipsis.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - DiscordLimits.Ellipsis.Length;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        // Never leave a lone escaping backslash in front of the ellipsis.
        var backslashes = 0;
        while (cut - backslashes - 1 >= 0 && text[cut - backslashes - 1] == '\\')
        {
            backslashes++;
        }

        if (backslashes % 2 == 1)
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, Math.Max(cut, 0)).TrimEnd(), DiscordLimits.Ellipsis);
    }
}

using System.Text;

namespace Dpse.Slack.Rendering;

/// <summary>
/// Slack's control characters are <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c>: escaped, user text can never become a
/// mention (<c>&lt;!channel&gt;</c>, <c>&lt;@U1&gt;</c>, <c>&lt;!subteam^S1&gt;</c>) or a disguised link. Only the renderer
/// writes angle brackets, for links it built from a <see cref="Core.Messages.LinkSpan"/> and for dates.
/// </summary>
public static class SlackText
{
    /// <summary>Escapes text for any Slack text object.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        AppendEscaped(builder, text, int.MaxValue);
        return builder.ToString();
    }

    /// <summary>
    /// Appends as much of escaped <paramref name="text"/> as fits in <paramref name="budget"/> characters of output,
    /// never cutting an entity or a surrogate pair.
    /// </summary>
    /// <returns>True when all of the text fitted.</returns>
    public static bool AppendEscaped(StringBuilder builder, string text, int budget)
    {
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var piece = text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => null,
            };
            var length = piece?.Length ?? (char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1);
            if (used + length > budget)
            {
                return false;
            }

            if (piece is not null)
            {
                builder.Append(piece);
            }
            else
            {
                builder.Append(text, i, length);
                i += length - 1;
            }

            used += length;
        }

        return true;
    }

    /// <summary>Escapes plain text and cuts it to <paramref name="max"/> characters with a visible ellipsis.</summary>
    public static string EscapeAndTruncate(string text, int max)
    {
        var builder = new StringBuilder(Math.Min(text.Length, max));
        if (!AppendEscaped(builder, text, max))
        {
            builder.Clear();
            AppendEscaped(builder, text, max - Ellipsis.Length);
            builder.Append(Ellipsis);
        }

        return builder.ToString();
    }

    /// <summary>Cuts text already safe for Slack to <paramref name="max"/> characters with a visible ellipsis.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - Ellipsis.Length;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut] + Ellipsis;
    }

    private const string Ellipsis = SlackLimits.Ellipsis;
}

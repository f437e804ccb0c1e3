using System.Globalization;
using System.Text;

namespace Dpse.Core.Validation;

/// <summary>
/// Characters no option may hold. Text is refused (not silently stripped) when it carries a character that is
/// invisible or reorders what is shown: bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069), marks (U+200E/F,
/// U+061C), zero-width spaces, the BOM, soft hyphens and other format characters (Unicode category Cf), line and
/// paragraph separators, lone surrogates, and control characters other than newline and tab in long text. Such
/// characters let the shown text differ from what is stored (a link label that reads one address and opens another).
/// Allowed on purpose: zero-width joiner and non-joiner (emoji sequences, Persian and Indic scripts) and the tag
/// characters of subdivision flags (🏴 England, Scotland, Wales).
/// </summary>
public static class TextRules
{
    /// <summary>Why <paramref name="text"/> may not be stored, or null when it may.</summary>
    /// <param name="name">The option name, for the message.</param>
    /// <param name="text">The value.</param>
    /// <param name="multiline">Long text: newlines and tabs are allowed.</param>
    public static string? Problem(string name, string text, bool multiline)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var scalar = char.ConvertToUtf32(c, text[i + 1]);
                if (CharUnicodeInfo.GetUnicodeCategory(scalar) == UnicodeCategory.Format && !IsTagCharacter(scalar))
                {
                    return Refusal(name, scalar);
                }

                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return $"{name} contains a broken character (a lone surrogate U+{(int)c:X4}); retype it";
            }

            if (multiline && c is '\n' or '\t')
            {
                continue;
            }

            if (c is '\u200C' or '\u200D')
            {
                continue;
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return Refusal(name, c);
            }
        }

        return null;
    }

    private static bool IsTagCharacter(int scalar) => scalar is >= 0xE0020 and <= 0xE007F;

    private static string Refusal(string name, int scalar)
    {
        var code = string.Create(CultureInfo.InvariantCulture, $"U+{scalar:X4}");
        var what = scalar is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069) or 0x200E or 0x200F or 0x061C
            ? "a right-to-left/left-to-right control"
            : "an invisible or control character";
        return $"{name} contains {what} ({code}) that can make the text look different from what is stored; remove it";
    }

    /// <summary>The text with every character <see cref="Problem"/> refuses written as <c>U+XXXX</c>, for messages that quote input.</summary>
    public static string Visible(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                builder.Append(CultureInfo.InvariantCulture, $"U+{rune.Value:X4}");
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }
}

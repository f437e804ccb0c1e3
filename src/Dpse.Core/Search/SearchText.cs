using System.Globalization;
using System.Text;

namespace Dpse.Core.Search;

/// <summary>
/// Turns text into search terms: lower-case letters and digits, accents folded, a plural "s" dropped,
/// words of one character ignored. Indexing and queries use the same rules, so they always agree.
/// </summary>
public static class SearchText
{
    /// <summary>The distinct terms of <paramref name="text"/>.</summary>
    public static IEnumerable<string> Terms(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        var word = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                // Accents fold away: "café" and "cafe" are one term.
            }
            else if (word.Length > 0)
            {
                if (Normalize(word) is { } term)
                {
                    yield return term;
                }

                word.Clear();
            }
        }

        if (word.Length > 0 && Normalize(word) is { } last)
        {
            yield return last;
        }
    }

    private static string? Normalize(StringBuilder word)
    {
        if (word.Length < 2)
        {
            return null;
        }

        // A light plural rule keeps "councils" and "council" together without a stemmer.
        if (word.Length > 3 && word[^1] == 's' && word[^2] != 's' && word[^2] != 'u' && word[^2] != 'i')
        {
            word.Length--;
        }

        return word.Length > 40 ? word.ToString(0, 40) : word.ToString();
    }
}

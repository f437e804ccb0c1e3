using System.Globalization;

namespace Dpse.Core.Stories;

/// <summary>Shared parsing of prefixed ids such as S-12 and E-3.</summary>
internal static class EntityIds
{
    public static bool TryParse(string? text, char prefix, out int number)
    {
        number = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span.Length > 0 && char.ToUpperInvariant(span[0]) == prefix)
        {
            span = span[1..];
            if (span.Length > 0 && span[0] == '-')
            {
                span = span[1..];
            }
        }

        return span.Length is > 0 and <= 9
            && int.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out number)
            && number > 0;
    }
}

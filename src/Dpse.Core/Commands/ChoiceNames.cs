using System.Text;

namespace Dpse.Core.Commands;

/// <summary>
/// The names people type for enum values in choice options, derived from the member names (<c>NotGoing</c> →
/// <c>not-going</c>, <c>Monday</c> → <c>monday</c>), so the catalogue's choices are the domain's enums and cannot drift.
/// </summary>
public static class ChoiceNames
{
    /// <summary>The user-facing name of <paramref name="value"/>.</summary>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var member = value.ToString();
        var name = new StringBuilder(member.Length + 4);
        foreach (var c in member)
        {
            if (char.IsUpper(c) && name.Length > 0)
            {
                name.Append('-');
            }

            name.Append(char.ToLowerInvariant(c));
        }

        return name.ToString();
    }

    /// <summary>Every user-facing name of <typeparamref name="TEnum"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All<TEnum>()
        where TEnum : struct, Enum => [.. Enum.GetValues<TEnum>().Select(Of)];

    /// <summary>The value named by <paramref name="text"/> (any case; dashes and spaces optional), or null.</summary>
    public static TEnum? Parse<TEnum>(string text)
        where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (Matches(Of(value), text))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Whether typed text names the choice: exactly, or ignoring case, dashes and spaces.</summary>
    internal static bool Matches(string choice, string text) =>
        string.Equals(choice, text, StringComparison.OrdinalIgnoreCase)
        || string.Equals(choice.Replace("-", "", StringComparison.Ordinal), text.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
}

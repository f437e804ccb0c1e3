using System.Globalization;
using System.Text;
using Dpse.Core.Commands;
using Dpse.Discord.Rendering;

namespace Dpse.Discord.Interactions;

/// <summary>
/// A modal's custom_id carries the command and the options already given, so the submission can run the same
/// command with the fields merged: <c>f|story.share|outcome=failure|org=Anytown Council</c> (at most 100 characters;
/// <c>|</c>, <c>=</c> and <c>%</c> in values are percent-escaped).
/// </summary>
internal static class FormIds
{
    private const string Prefix = "f|";

    /// <summary>The custom_id, or null when the given options do not fit in 100 characters.</summary>
    public static string? Encode(CommandPath path, IEnumerable<KeyValuePair<string, string>> given)
    {
        var builder = new StringBuilder(Prefix).Append(path.Value.Replace(' ', '.'));
        foreach (var (name, value) in given.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            builder.Append('|').Append(Escape(name)).Append('=').Append(Escape(value));
        }

        return builder.Length <= DiscordLimits.CustomId ? builder.ToString() : null;
    }

    /// <summary>The command and the options carried by a custom_id, or null when it is not ours.</summary>
    public static (CommandSpec Spec, Dictionary<string, string> Given)? Decode(string customId)
    {
        if (!customId.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = customId[Prefix.Length..].Split('|');
        if (CommandCatalogue.Find(parts[0].Replace('.', ' ')) is not { } spec)
        {
            return null;
        }

        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in parts.Skip(1))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }

            given[Unescape(part[..equals])] = Unescape(part[(equals + 1)..]);
        }

        return (spec, given);
    }

    private static string Escape(string value) => value
        .Replace("%", "%25", StringComparison.Ordinal)
        .Replace("|", "%7C", StringComparison.Ordinal)
        .Replace("=", "%3D", StringComparison.Ordinal);

    private static string Unescape(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            return value;
        }
    }

    /// <summary>How many characters the ids may not exceed, for messages.</summary>
    public static string Limit => DiscordLimits.CustomId.ToString(CultureInfo.InvariantCulture);
}

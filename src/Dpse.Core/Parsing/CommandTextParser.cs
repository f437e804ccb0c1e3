using System.Text;
using Dpse.Core.Commands;

namespace Dpse.Core.Parsing;

/// <summary>
/// The grammar shared by Slack and the shell: an optional <c>/dpse</c> prefix, the command's words, then
/// <c>key:value</c> options (values may be double-quoted, with <c>\"</c> and <c>\\</c> escapes) and bare words for the
/// command's positional options, e.g. <c>/dpse story search council search rebuild outcome:failure</c>.
/// Parsing never throws: any text yields a command or a one-line error that shows the correct usage.
/// </summary>
public static class CommandTextParser
{
    /// <summary>The longest command text accepted (Slack's own limit is lower; this bounds the work).</summary>
    public const int MaxInputLength = 12_000;

    private const string Prefix = "/dpse";

    /// <summary>Parses <paramref name="text"/> against <see cref="CommandCatalogue.All"/>.</summary>
    public static ParsedCommand Parse(string? text)
    {
        text ??= "";
        if (text.Length > MaxInputLength)
        {
            return ParsedCommand.Fail($"That command is too long ({text.Length} characters; at most {MaxInputLength}).{UsageHint(StripPrefix(text.Trim()))}");
        }

        var body = StripPrefix(text.Trim());
        if (!Tokenize(body, out var tokens, out var tokenError))
        {
            return ParsedCommand.Fail(tokenError! + UsageHint(body));
        }

        if (tokens.Count == 0)
        {
            return new ParsedCommand { Spec = CommandCatalogue.Help };
        }

        var (spec, used, pathError) = ResolvePath(tokens);
        if (spec is null)
        {
            return ParsedCommand.Fail(pathError!);
        }

        return ReadOptions(spec, tokens.Skip(used).ToList());
    }

    private static string StripPrefix(string text)
    {
        if (text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            && (text.Length == Prefix.Length || char.IsWhiteSpace(text[Prefix.Length])))
        {
            return text[Prefix.Length..].TrimStart();
        }

        return text;
    }

    /// <summary>The usage of the command the text starts with, for errors found before the command is resolved.</summary>
    private static string UsageHint(string body)
    {
        var words = body.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        var spec = (words.Length >= 2 ? CommandCatalogue.Find($"{words[0]} {words[1]}") : null)
            ?? (words.Length >= 1 ? CommandCatalogue.Find(words[0]) : null);
        return spec is null ? " Type /dpse help for the list of commands." : $" Usage: {spec.Usage}";
    }

    private static (CommandSpec? Spec, int Used, string? Error) ResolvePath(List<Token> tokens)
    {
        var words = tokens.TakeWhile(t => t.Key is null && !t.Quoted).Select(t => t.Value.ToLowerInvariant()).Take(2).ToList();
        if (words.Count == 0)
        {
            return (null, 0, "Start with a command, e.g. /dpse story search solr. Type /dpse help for the list.");
        }

        if (words.Count == 2 && CommandCatalogue.Find($"{words[0]} {words[1]}") is { } two)
        {
            return (two, 2, null);
        }

        if (CommandCatalogue.Find(words[0]) is { } one)
        {
            return (one, 1, null);
        }

        var group = CommandCatalogue.All.Where(c => c.Path.Segments.Count == 2 && c.Path.Segments[0] == words[0]).ToList();
        if (group.Count > 0)
        {
            var choices = string.Join('|', group.Select(c => c.Path.Segments[1]));
            var given = words.Count == 2 ? $"'{Shorten(words[0] + " " + words[1])}' is not a command" : $"'{Shorten(words[0])}' needs a subcommand";
            return (null, 0, $"{given}. Usage: /dpse {words[0]} {choices}");
        }

        return (null, 0, $"Unknown command '{Shorten(words[0])}'. Type /dpse help for the list of commands.");
    }

    private static ParsedCommand ReadOptions(CommandSpec spec, List<Token> rest)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var bare = new List<string>();
        foreach (var token in rest)
        {
            if (token.Key is null)
            {
                bare.Add(token.Value);
                continue;
            }

            if (spec.Option(token.Key) is not { } option)
            {
                return ParsedCommand.Fail($"Unknown option '{Shorten(token.Key)}' for {spec.Path}. Usage: {spec.Usage}");
            }

            if (!options.TryAdd(option.Name, token.Value))
            {
                return ParsedCommand.Fail($"Option '{option.Name}' is given twice. Usage: {spec.Usage}");
            }
        }

        var positionals = spec.Options.Where(o => o.Positional && !options.ContainsKey(o.Name)).ToList();
        for (var i = 0; i < positionals.Count && bare.Count > 0; i++)
        {
            var isLast = i == positionals.Count - 1;
            var value = isLast ? string.Join(' ', bare) : bare[0];
            bare.RemoveRange(0, isLast ? bare.Count : 1);
            options[positionals[i].Name] = value;
        }

        if (bare.Count > 0)
        {
            return ParsedCommand.Fail($"Unexpected text '{Shorten(string.Join(' ', bare))}' for {spec.Path}. Usage: {spec.Usage}");
        }

        return new ParsedCommand { Spec = spec, Options = options };
    }

    /// <summary>A word, a quoted string, or key:value.</summary>
    private sealed record Token(string? Key, string Value, bool Quoted);

    private static bool Tokenize(string text, out List<Token> tokens, out string? error)
    {
        tokens = [];
        error = null;
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            // key:value, when the word starts with a name followed by a colon (but not a URL such as https://…).
            var keyEnd = i;
            while (keyEnd < text.Length && (char.IsAsciiLetterOrDigit(text[keyEnd]) || text[keyEnd] is '-' or '_'))
            {
                keyEnd++;
            }

            string? key = null;
            if (keyEnd > i && keyEnd < text.Length && text[keyEnd] == ':' && char.IsAsciiLetter(text[i])
                && !(keyEnd + 2 < text.Length && text[keyEnd + 1] == '/' && text[keyEnd + 2] == '/'))
            {
                key = text[i..keyEnd].ToLowerInvariant();
                i = keyEnd + 1;
            }

            if (i < text.Length && IsQuote(text[i]))
            {
                if (!ReadQuoted(text, ref i, out var quoted))
                {
                    error = "Unclosed quote: end the value with a \". Inside quotes write \\\" for a quote.";
                    return false;
                }

                tokens.Add(new Token(key, quoted, Quoted: true));
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            tokens.Add(new Token(key, text[start..i], Quoted: false));
        }

        return true;
    }

    // Slack and phones turn " into curly quotes; accept them as the same thing.
    private static bool IsQuote(char c) => c is '"' or '\u201C' or '\u201D';

    private static bool ReadQuoted(string text, ref int i, out string value)
    {
        var builder = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && (IsQuote(text[i + 1]) || text[i + 1] == '\\'))
            {
                builder.Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (IsQuote(c))
            {
                i++;
                value = builder.ToString();
                return true;
            }

            builder.Append(c);
            i++;
        }

        value = "";
        return false;
    }

    /// <summary>
    /// Echoes user text in errors without letting it flood the reply. Line breaks and other control characters become
    /// spaces, so the error stays one line.
    /// </summary>
    internal static string Shorten(string text)
    {
        var flat = new string([.. text.Select(c => char.IsControl(c) || (char.IsWhiteSpace(c) && c != ' ') ? ' ' : c)]);
        if (flat.Length <= 40)
        {
            return flat;
        }

        var cut = char.IsHighSurrogate(flat[39]) ? 39 : 40;
        return flat[..cut] + "…";
    }
}

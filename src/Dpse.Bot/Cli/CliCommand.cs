namespace Dpse.Bot.Cli;

/// <summary>What the executable was asked to do: run the bot, or one of the maintenance verbs.</summary>
public sealed record CliCommand(CliVerb Verb, string? File, string[] HostArgs)
{
    /// <summary>The usage text printed for --help and after a malformed command line.</summary>
    public const string Usage = """
        Usage: Dpse.Bot [verb] [--Section:Key=value ...]
          (no verb)       run the bot: Discord/Slack when enabled, else the terminal shell
          import FILE     load stories and events from an export (numbers kept, existing ones replaced)
          export [FILE]   write every story and event as JSON to FILE, or to standard output
          seed            load the bundled sample stories (once; marked as samples)
          healthcheck [PATH]  GET PATH (default /readyz) on the bot's own HTTP endpoint; exit 0 when it answers 200
          help, --help    this text
        The verb comes first. Configuration comes from appsettings.json, environment variables (Dpse__Section__Key)
        and --Dpse:Section:Key=value after the verb, e.g. Dpse.Bot seed --Dpse:Storage:LiteDb:Path=data/try.db
        Exit codes: 0 done, 1 a command failed, 2 usage, 3 configuration, 4 data file refused, 5 disk or file error.
        """;

    /// <summary>
    /// Reads the command line: an optional verb first, the verb's file, then only <c>--Section:Key=value</c>
    /// configuration overrides. Anything else (an unknown flag, a verb out of place, an extra argument) is an error
    /// rather than silently ignored, so a typo never starts the bot doing something else.
    /// </summary>
    public static (CliCommand? Command, string? Error) Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Any(a => a is "--help" or "-h" or "-?" or "/?"))
        {
            return (new CliCommand(CliVerb.Help, null, []), null);
        }

        var position = 0;
        var verb = CliVerb.Run;
        string? file = null;
        if (args.Length > 0 && !args[0].StartsWith('-'))
        {
            (CliVerb? named, var problem) = args[0].ToLowerInvariant() switch
            {
                "help" => (CliVerb.Help, null),
                "import" => (CliVerb.Import, null),
                "export" => (CliVerb.Export, null),
                "seed" => (CliVerb.Seed, null),
                "run" => (CliVerb.Run, null),
                "healthcheck" => (CliVerb.HealthCheck, null),
                _ => ((CliVerb?)null, $"Unknown verb '{Shorten(args[0])}'."),
            };
            if (named is null)
            {
                return (null, problem);
            }

            verb = named.Value;
            position = 1;
            if (verb is CliVerb.Import or CliVerb.Export or CliVerb.HealthCheck && position < args.Length && !args[position].StartsWith('-'))
            {
                file = args[position++];
            }

            if (verb == CliVerb.Import && file is null)
            {
                return (null, "import needs the file to read: Dpse.Bot import dpse-export.json");
            }
        }

        var hostArgs = new List<string>();
        for (; position < args.Length; position++)
        {
            var arg = args[position];
            if (IsOverride(arg))
            {
                hostArgs.Add(arg);
                continue;
            }

            if (Verbs.Contains(arg.ToLowerInvariant()))
            {
                return (null, $"The verb '{arg}' must come first, before any --Section:Key=value setting.");
            }

            return (null, arg.StartsWith('-')
                ? $"Unknown option '{Shorten(arg)}'. Settings are written --Section:Key=value, e.g. --Dpse:Shell:User=sam."
                : $"Unexpected argument '{Shorten(arg)}'{(verb == CliVerb.Run ? "" : $" after {verb.ToString().ToLowerInvariant()}{(file is null ? "" : " " + Shorten(file))}")}.");
        }

        return (new CliCommand(verb, file, [.. hostArgs]), null);
    }

    private static readonly HashSet<string> Verbs = ["help", "import", "export", "seed", "run", "healthcheck"];

    /// <summary>A configuration override: <c>--Section:Key=value</c>, the key made of letters, digits and <c>: _ . -</c>.</summary>
    private static bool IsOverride(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal))
        {
            return false;
        }

        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 2)
        {
            return false;
        }

        var key = arg.AsSpan(2, equals - 2);
        return char.IsAsciiLetter(key[0])
            && key.Contains(':')
            && !key.EndsWith(":")
            && key.IndexOfAnyExcept(KeyCharacters) < 0;
    }

    private static readonly System.Buffers.SearchValues<char> KeyCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_.-");

    /// <summary>An argument as it may be echoed: at most 60 characters, control characters shown as '?'.</summary>
    private static string Shorten(string arg)
    {
        var shown = new string([.. arg.Take(60).Select(c => char.IsControl(c) ? '?' : c)]);
        return arg.Length > 60 ? shown + "…" : shown;
    }
}

/// <summary>The executable's verbs.</summary>
public enum CliVerb
{
    /// <summary>Run the bot.</summary>
    Run,

    /// <summary>Print usage.</summary>
    Help,

    /// <summary>Load an export.</summary>
    Import,

    /// <summary>Write an export.</summary>
    Export,

    /// <summary>Load the sample stories.</summary>
    Seed,

    /// <summary>Probe the running bot's HTTP endpoint (Docker HEALTHCHECK without curl).</summary>
    HealthCheck,
}

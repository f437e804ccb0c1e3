namespace Dpse.Bot.Cli;

/// <summary>What the executable was asked to do: run the bot, or one of the maintenance verbs.</summary>
public sealed record CliCommand(CliVerb Verb, string? File, string[] HostArgs)
{
    /// <summary>The usage text printed for --help and for a bad verb.</summary>
    public const string Usage = """
        Usage: Dpse.Bot [verb] [--Key=Value ...]
          (no verb)       run the bot: Discord/Slack when enabled, else the terminal shell
          import FILE     load stories and events from an export (numbers kept, existing ones replaced)
          export [FILE]   write every story and event as JSON to FILE, or to standard output
          seed            load the bundled sample stories (once; marked as samples)
          healthcheck [PATH]  GET PATH (default /readyz) on the bot's own HTTP endpoint; exit 0 when it answers 200
          --help          this text
        Configuration comes from appsettings.json, environment variables (Dpse__Section__Key) and --Dpse:Section:Key=value.
        """;

    /// <summary>Splits the verb and its file from the arguments for the host's configuration; null with an error when malformed.</summary>
    public static (CliCommand? Command, string? Error) Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-') && args[0] is not ("--help" or "-h"))
        {
            return (new CliCommand(CliVerb.Run, null, args), null);
        }

        var rest = args.Skip(1).ToList();
        string? TakeFile()
        {
            if (rest.Count > 0 && !rest[0].StartsWith("--", StringComparison.Ordinal))
            {
                var file = rest[0];
                rest.RemoveAt(0);
                return file;
            }

            return null;
        }

        switch (args[0].ToLowerInvariant())
        {
            case "--help" or "-h" or "help":
                return (new CliCommand(CliVerb.Help, null, []), null);
            case "import":
                var importFile = TakeFile();
                return importFile is null
                    ? (null, "import needs the file to read: Dpse.Bot import dpse-export.json")
                    : (new CliCommand(CliVerb.Import, importFile, [.. rest]), null);
            case "export":
                return (new CliCommand(CliVerb.Export, TakeFile(), [.. rest]), null);
            case "seed":
                return (new CliCommand(CliVerb.Seed, null, [.. rest]), null);
            case "healthcheck":
                return (new CliCommand(CliVerb.HealthCheck, TakeFile(), [.. rest]), null);
            default:
                return (null, $"Unknown verb '{args[0]}'.");
        }
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

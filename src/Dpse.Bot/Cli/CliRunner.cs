using Dpse.Core.Audit;
using Dpse.Core.Events;
using Dpse.Core.Exporting;
using Dpse.Core.Identity;
using Dpse.Core.Stories;
using Dpse.Core.Time;

namespace Dpse.Bot.Cli;

/// <summary>Runs the maintenance verbs against the configured store, printing one line of outcome each.</summary>
public sealed class CliRunner(IStoryStore stories, IEventStore events, SampleStories samples, TimeProvider time, TextWriter output, TextWriter error)
{
    /// <summary>The actor recorded in the audit log for maintenance verbs.</summary>
    public static readonly ActorRef Operator = new(Platforms.Shell, "local", "cli");

    /// <summary>Runs one verb; returns the process exit code.</summary>
    public async Task<int> RunAsync(CliCommand command, CancellationToken cancellationToken)
    {
        switch (command.Verb)
        {
            case CliVerb.Import:
                return await ImportAsync(command.File!, cancellationToken);
            case CliVerb.Export:
                return await ExportAsync(command.File, cancellationToken);
            case CliVerb.Seed:
                var path = Path.Combine(AppContext.BaseDirectory, "config", "sample-stories.json");
                var (added, already) = await samples.SeedAsync(path, cancellationToken);
                await output.WriteLineAsync((added, already) switch
                {
                    (0, _) => "The sample stories are already loaded; nothing changed.",
                    (_, 0) => $"Loaded {added} sample stories. Try: story list",
                    _ => $"Loaded the {added} sample stories that were missing ({already} were already loaded). Try: story list",
                });
                return 0;
            default:
                await error.WriteLineAsync(CliCommand.Usage);
                return 2;
        }
    }

    private async Task<int> ImportAsync(string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            await error.WriteLineAsync($"import: {file} does not exist.");
            return 1;
        }

        var (export, problem) = ExchangeJson.Read(await File.ReadAllTextAsync(file, cancellationToken));
        if (export is null)
        {
            await error.WriteLineAsync($"import: {problem} Nothing was imported.");
            return 1;
        }

        var maximum = Dpse.Core.Search.StorySearchIndex.MaxNumber;
        if (export.Stories.Any(s => s.Number is <= 0 || s.Number > maximum) || export.Events.Any(e => e.Number is <= 0 || e.Number > maximum))
        {
            await error.WriteLineAsync($"import: every story and event in {file} needs its number (1 to {maximum}). Nothing was imported.");
            return 1;
        }

        var now = time.UtcNowMs();
        await stories.ImportAsync(export.Stories, new AuditEntry(now, Operator, "cli", "import", "stories", $"{export.Stories.Count} from {Path.GetFileName(file)}"), cancellationToken);
        await events.ImportAsync(export.Events, new AuditEntry(now, Operator, "cli", "import", "events", $"{export.Events.Count} from {Path.GetFileName(file)}"), cancellationToken);
        await output.WriteLineAsync($"Imported {export.Stories.Count} stories and {export.Events.Count} events from {file}.");
        return 0;
    }

    private async Task<int> ExportAsync(string? file, CancellationToken cancellationToken)
    {
        var export = new ExchangeExport
        {
            ExportedAt = time.UtcNowMs(),
            Stories = await stories.ListAllAsync(cancellationToken),
            Events = await events.ListAllAsync(cancellationToken),
        };
        var json = ExchangeJson.Serialize(export);
        if (file is null)
        {
            await output.WriteLineAsync(json);
            return 0;
        }

        await File.WriteAllTextAsync(file, json, cancellationToken);
        await output.WriteLineAsync($"Exported {export.Stories.Count} stories and {export.Events.Count} events to {file}.");
        return 0;
    }
}

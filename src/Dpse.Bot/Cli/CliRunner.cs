using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Deliveries;
using Dpse.Core.Events;
using Dpse.Core.Exporting;
using Dpse.Core.Identity;
using Dpse.Core.Members;
using Dpse.Core.Messages;
using Dpse.Core.Stories;
using Dpse.Core.Time;
using Dpse.Core.Validation;
using Dpse.Storage.LiteDb;
using Microsoft.Extensions.Options;

namespace Dpse.Bot.Cli;

/// <summary>
/// Runs the maintenance verbs against the configured store, printing one line of outcome each. Exit codes:
/// 0 done, 1 the file's content was refused (nothing imported), 2 usage (<see cref="FileProblem.UsageExitCode"/>),
/// 5 a disk or file-system error (<see cref="FileProblem.IoExitCode"/>).
/// </summary>
public sealed class CliRunner(IStoryStore stories, IEventStore events, IChannelSettingsStore channels, IMemberSettingsStore members, IDeliveryStore deliveries, SampleStories samples, TimeProvider time, IOptions<LiteDbOptions> storage, TextWriter output, TextWriter error)
{
    /// <summary>The actor recorded in the audit log for maintenance verbs.</summary>
    public static readonly ActorRef Operator = new(Platforms.Shell, "local", "cli");

    /// <summary>Exit code when the file's content is refused and nothing was imported.</summary>
    public const int RefusedExitCode = 1;

    /// <summary>The largest file <c>import</c> reads (bytes): far above a real exchange, below what would exhaust memory.</summary>
    public const long MaxImportBytes = 256L * 1024 * 1024;

    /// <summary>How many problems an import refusal lists before summing up the rest.</summary>
    public const int ProblemsShown = 20;

    private readonly DataFileGuard _dataFiles = new(storage.Value.Path);

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
                return FileProblem.UsageExitCode;
        }
    }

    private async Task<int> ImportAsync(string file, CancellationToken cancellationToken)
    {
        var (read, problem) = await ReadExportAsync(file, cancellationToken);
        if (read is not { } export)
        {
            await error.WriteLineAsync($"import: {problem!.Message}");
            return problem.ExitCode;
        }

        var problems = ContentValidator.Check(export);
        if (problems.Count > 0)
        {
            await error.WriteLineAsync($"import: {file} has {Plural.Count(problems.Count, "problem")}; nothing was imported. Fix them and import again:");
            foreach (var item in problems.Take(ProblemsShown))
            {
                await error.WriteLineAsync($"  {item}");
            }

            if (problems.Count > ProblemsShown)
            {
                await error.WriteLineAsync($"  … and {problems.Count - ProblemsShown} more.");
            }

            return RefusedExitCode;
        }

        if (SettingsProblems(export) is { Count: > 0 } channelProblems)
        {
            await error.WriteLineAsync($"import: {file} has {Plural.Count(channelProblems.Count, "problem")}; nothing was imported. Fix them and import again:");
            foreach (var item in channelProblems.Take(ProblemsShown))
            {
                await error.WriteLineAsync($"  {item}");
            }

            return RefusedExitCode;
        }

        var now = time.UtcNowMs();
        await stories.ImportAsync(export.Stories, new AuditEntry(now, Operator, "cli", "import", "stories", $"{export.Stories.Count} from {Path.GetFileName(file)}"), cancellationToken);
        await events.ImportAsync(export.Events, new AuditEntry(now, Operator, "cli", "import", "events", $"{export.Events.Count} from {Path.GetFileName(file)}"), cancellationToken);
        foreach (var settings in export.Channels)
        {
            await ImportChannelAsync(settings, now, Path.GetFileName(file), cancellationToken);
        }

        foreach (var settings in export.Members)
        {
            var audit = new AuditEntry(now, Operator, "cli", "import", settings.Person.Key, $"reminders by direct message {(settings.ReminderDirectMessages ? "on" : "off")} from {Path.GetFileName(file)}");
            await members.SetReminderDirectMessagesAsync(settings.Person, settings.ReminderDirectMessages, now, audit, cancellationToken);
        }

        // A record already in this store under the same key is kept: it is this store's own account of that delivery.
        var added = 0;
        foreach (var record in export.Deliveries)
        {
            added += await deliveries.TryAddAsync(record, cancellationToken) ? 1 : 0;
        }

        await output.WriteLineAsync($"Imported {Plural.Count(export.Stories.Count, "story", "stories")} and {Plural.Count(export.Events.Count, "event")} from {file}{SettingsNote(export, added)}.");
        return 0;
    }

    /// <summary>What the import carried besides stories and events, e.g. " with the settings of 1 channel and 2 members, and 14 deliveries".</summary>
    private static string SettingsNote(ExchangeExport export, int deliveriesAdded)
    {
        List<string> settings = [];
        if (export.Channels.Count > 0)
        {
            settings.Add(Plural.Count(export.Channels.Count, "channel"));
        }

        if (export.Members.Count > 0)
        {
            settings.Add(Plural.Count(export.Members.Count, "member"));
        }

        var note = settings.Count > 0 ? " with the settings of " + string.Join(" and ", settings) : "";
        if (export.Deliveries.Count > 0)
        {
            var kept = export.Deliveries.Count - deliveriesAdded;
            note += $"{(note.Length > 0 ? "," : "")} and {Plural.Count(deliveriesAdded, "delivery record")}"
                + (kept > 0 ? $" ({kept} already here were kept)" : "");
        }

        return note;
    }

    /// <summary>A channel's digest (its start kept), reminders switch and delivery problem, each through its own atomic write.</summary>
    private async Task ImportChannelAsync(ChannelSettings settings, DateTimeOffset now, string file, CancellationToken cancellationToken)
    {
        var target = settings.Channel.Key;
        if (settings.Digest is { } digest)
        {
            await channels.SetDigestAsync(settings.Channel, digest, now, new AuditEntry(now, Operator, "cli", "import", target, $"digest from {file}"), cancellationToken);
        }

        if (settings.RemindersOn)
        {
            await channels.SetRemindersAsync(settings.Channel, true, now, new AuditEntry(now, Operator, "cli", "import", target, $"reminders from {file}"), cancellationToken);
        }

        if (settings.DeliveryProblem is { } problem)
        {
            await channels.SetDeliveryProblemAsync(settings.Channel, problem, settings.DeliveryProblemAt ?? now, cancellationToken);
        }
    }

    /// <summary>
    /// What would make settings or deliveries unusable after import: an unknown time zone, a channel or person without
    /// an id, a delivery without a key or subject, or two deliveries with one key.
    /// </summary>
    private static List<string> SettingsProblems(ExchangeExport export)
    {
        var problems = ChannelProblems(export.Channels);
        foreach (var (settings, index) in export.Members.Select((s, i) => (s, i + 1)))
        {
            if (settings.Person is null || string.IsNullOrWhiteSpace(settings.Person.Platform) || string.IsNullOrWhiteSpace(settings.Person.UserId))
            {
                problems.Add($"members[{index}]: no platform or user id.");
            }
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (record, index) in export.Deliveries.Select((r, i) => (r, i + 1)))
        {
            if (string.IsNullOrWhiteSpace(record.Key) || string.IsNullOrWhiteSpace(record.Subject))
            {
                problems.Add($"deliveries[{index}]: no key or subject.");
            }
            else if (!keys.Add(record.Key))
            {
                problems.Add($"deliveries[{index}]: the key '{record.Key}' is used twice; each delivery has its own.");
            }
        }

        return problems;
    }

    /// <summary>What would make a channel's settings unusable after import: an unknown time zone or a channel without an id.</summary>
    private static List<string> ChannelProblems(IReadOnlyList<ChannelSettings> settings)
    {
        var problems = new List<string>();
        foreach (var (channel, index) in settings.Select((s, i) => (s, i + 1)))
        {
            if (channel.Channel is null || string.IsNullOrWhiteSpace(channel.Channel.Platform) || string.IsNullOrWhiteSpace(channel.Channel.ChannelId))
            {
                problems.Add($"channels[{index}]: no platform or channel id.");
            }
            else if (channel.Digest is { } digest && NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(digest.TimeZone ?? "") is null)
            {
                problems.Add($"channels[{index}] ({channel.Channel.Key}): '{digest.TimeZone}' is not a time zone, e.g. Europe/London.");
            }
        }

        return problems;
    }

    /// <summary>Reads the file as it streams in, bounded by <see cref="MaxImportBytes"/>; any file-system or format problem becomes one line.</summary>
    private async Task<(ExchangeExport? Export, FileProblem? Problem)> ReadExportAsync(string file, CancellationToken cancellationToken)
    {
        string full;
        try
        {
            full = Path.GetFullPath(file);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return (null, FileProblem.Usage($"'{file}' is not a usable file path."));
        }

        if (Directory.Exists(full))
        {
            return (null, FileProblem.Usage($"{full} is a folder: give the export file to read, e.g. {Path.Combine(full, "dpse-export.json")}."));
        }

        if (!File.Exists(full))
        {
            return (null, FileProblem.Io($"{file} does not exist. Nothing was imported."));
        }

        if (_dataFiles.IsProtected(full))
        {
            return (null, FileProblem.Usage($"{file} is the live data file or its log, not an export: give a file written by export. Nothing was imported."));
        }

        try
        {
            await using var stream = new FileStream(full, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Options = FileOptions.Asynchronous, BufferSize = 64 * 1024 });
            await using var bounded = new BoundedReadStream(stream, MaxImportBytes);
            var (export, problem) = await ExchangeJson.ReadAsync(bounded, cancellationToken);
            return export is null
                ? (null, new FileProblem($"{problem} Nothing was imported.", RefusedExitCode))
                : (export, null);
        }
        catch (BoundedReadStream.TooLongException)
        {
            return (null, new FileProblem($"{file} is larger than {MaxImportBytes / (1024 * 1024)} MB, more than any export of this bot; it is not an export. Nothing was imported.", RefusedExitCode));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            var reason = exception is UnauthorizedAccessException ? "permission denied" : exception.Message.TrimEnd('.');
            return (null, FileProblem.Io($"Cannot read {file}: {reason}. Nothing was imported."));
        }
    }

    private async Task<int> ExportAsync(string? file, CancellationToken cancellationToken)
    {
        if (file is not null && _dataFiles.IsProtected(file))
        {
            await error.WriteLineAsync($"export: {file} is the live data file or its log; writing there would destroy the data. Choose another file, e.g. dpse-export.json. Nothing was written.");
            return FileProblem.UsageExitCode;
        }

        var export = new ExchangeExport
        {
            ExportedAt = time.UtcNowMs(),
            Stories = await stories.ListAllAsync(cancellationToken),
            Events = await events.ListAllAsync(cancellationToken),
            Channels = await channels.ListActiveAsync(cancellationToken),
            Members = await members.ListAllAsync(cancellationToken),
            Deliveries = await deliveries.ListAllAsync(cancellationToken),
        };
        if (file is null)
        {
            await using var console = new TextWriterStream(output);
            await ExchangeJson.WriteAsync(console, export, cancellationToken);
            await console.FlushAsync(cancellationToken);
            await output.WriteLineAsync();
            return 0;
        }

        var (path, problem) = await SafeFileWriter.WriteAsync(file, (stream, ct) => ExchangeJson.WriteAsync(stream, export, ct), createNew: false, cancellationToken);
        if (problem is not null)
        {
            await error.WriteLineAsync($"export: {problem.Message}");
            return problem.ExitCode;
        }

        await output.WriteLineAsync($"Exported {Plural.Count(export.Stories.Count, "story", "stories")} and {Plural.Count(export.Events.Count, "event")} to {path}.");
        return 0;
    }
}

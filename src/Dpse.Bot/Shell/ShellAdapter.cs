using Dpse.Bot.Hosting;
using Dpse.Core.Commands;
using Dpse.Core.Messages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dpse.Bot.Shell;

/// <summary>
/// The terminal adapter: one command per line, each reply printed; <c>quit</c> or <c>exit</c> (or the end of input)
/// leaves. Interactive: a prompt, and forms ask field by field, each answer checked as it is given. Piped: no prompts,
/// each command echoed (shortened, control characters removed), a missing form field is an error, and the exit code
/// is 1 when any command answered with an error. Shutdown (Ctrl-C, SIGTERM) stops reading at once, and a line that
/// arrives after it is not run.
/// </summary>
public sealed partial class ShellAdapter(
    ShellConsole console,
    ShellIdentity identity,
    ICommandDispatcher dispatcher,
    ExportFolder exports,
    IHostApplicationLifetime lifetime,
    ILogger<ShellAdapter> logger) : BackgroundService
{
    /// <summary>The longest part of a piped command echoed back; the rest is counted, not printed.</summary>
    public const int MaxEchoLength = 200;

    private int _failed;

    /// <summary>The session's exit code so far: <see cref="ExitCodes.CommandFailed"/> once a piped command failed.</summary>
    public int ExitCode => !console.Interactive && Volatile.Read(ref _failed) > 0 ? ExitCodes.CommandFailed : ExitCodes.Done;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (and its other services log) before the first prompt.
        await Task.Yield();
        if (console.Interactive)
        {
            console.WriteLine($"Dpse.Bot shell: you are {identity.Actor.DisplayName}{(identity.Actor.IsModerator ? " (moderator)" : "")} in #{identity.Channel.ChannelId}. Type help, or quit to leave.");
        }

        // ApplicationStopping is cancelled the moment Ctrl-C or SIGTERM arrives; stoppingToken only when the host gets
        // round to stopping this service. Reading stops on the first, so no line typed after the signal runs.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                console.Prompt("dpse> ");
                var line = await console.ReadLineAsync(stopping.Token);
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                if (line is null || line.Trim() is "quit" or "exit" or "/dpse quit" or "/dpse exit")
                {
                    break;
                }

                if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
                {
                    continue;
                }

                await RunLineAsync(line, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }

        LogEndOfInput();
        lifetime.StopApplication();
    }

    /// <summary>A piped line as echoed: control characters and escape sequences removed, at most <see cref="MaxEchoLength"/> characters.</summary>
    public static string Echo(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var clean = ShellConsole.Printable(line).Replace('\t', ' ').ReplaceLineEndings(" ");
        return clean.Length <= MaxEchoLength ? clean : $"{clean[..MaxEchoLength]}… ({clean.Length} characters)";
    }

    private async Task RunLineAsync(string line, CancellationToken cancellationToken)
    {
        if (!console.Interactive)
        {
            console.WriteLine($"> {Echo(line)}");
        }

        console.BeginCommand();
        try
        {
            var reply = await dispatcher.DispatchTextAsync(line, identity.Actor, identity.Channel, console.Interactive, cancellationToken);
            if (reply.Form is { } form)
            {
                reply = await FillFormAsync(form, cancellationToken);
            }

            if (reply is null)
            {
                console.WriteLine("Form cancelled; nothing was saved.\n");
                return;
            }

            if (reply.IsError)
            {
                Interlocked.Increment(ref _failed);
            }

            await PrintAsync(reply, cancellationToken);
        }
        finally
        {
            console.EndCommand();
        }
    }

    /// <summary>Asks each missing field in turn; a bad answer is reported at once and only that field asked again. Null: cancelled (Ctrl-D).</summary>
    private async Task<Reply?> FillFormAsync(FormRequest form, CancellationToken cancellationToken)
    {
        console.WriteLine($"{form.Form.Title}: answer each field (an empty line skips an optional one, Ctrl-D cancels the form).");
        var options = new Dictionary<string, string>(form.Given, StringComparer.OrdinalIgnoreCase);
        foreach (var field in form.Form.Fields.Where(f => !options.ContainsKey(f)))
        {
            var spec = form.Command.Option(field)!;
            while (true)
            {
                console.Prompt($"{field}{(spec.Required ? "" : " (optional)")}, {Expected(spec)}: ");
                var value = await console.ReadLineAsync(cancellationToken);
                if (value is null)
                {
                    return null;
                }

                if (string.IsNullOrWhiteSpace(value))
                {
                    if (!spec.Required)
                    {
                        break;
                    }

                    console.WriteLine($"{field} is required.");
                    continue;
                }

                if (spec.Problem(value) is { } problem)
                {
                    console.WriteLine($"{problem}. Try again.");
                    continue;
                }

                options[field] = value;
                break;
            }
        }

        return await dispatcher.DispatchAsync(new CommandRequest(form.Command.Path, options, identity.Actor, identity.Channel), cancellationToken);
    }

    /// <summary>What a field expects, shown in its prompt.</summary>
    private static string Expected(OptionSpec spec) => spec.Kind switch
    {
        OptionKind.Choice => $"one of {string.Join(", ", spec.Choices)}",
        OptionKind.DateTime => "yyyy-mm-dd hh:mm, e.g. 2026-12-03 14:00",
        OptionKind.TimeOfDay => "hh:mm, e.g. 09:00",
        OptionKind.TimeZone => "Area/City, e.g. Europe/London",
        OptionKind.Duration => "a duration, e.g. 90m or 2h",
        OptionKind.DurationList => "durations, e.g. 24h,1h",
        OptionKind.List => "a comma-separated list, e.g. forms,accessibility",
        OptionKind.LinkList => "https:// links, comma-separated",
        OptionKind.Integer => "a number",
        OptionKind.StoryId => "a story id, e.g. S-12",
        OptionKind.EventId => "an event id, e.g. E-3",
        OptionKind.ContentId => "S-n or E-n",
        _ => $"text up to {spec.MaxLength} characters",
    };

    private async Task PrintAsync(Reply reply, CancellationToken cancellationToken)
    {
        var text = PlainTextRenderer.Render(reply.Message);
        if (reply.Attachment is { } attachment)
        {
            var (path, problem) = await exports.SaveAsync(attachment, cancellationToken);
            text += problem is null ? $"\nSaved {Path.GetFileName(path)} to {path}" : $"\nNot saved: {problem.Message}";
        }

        console.WriteLine(text);
        console.WriteLine("");
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Shell input ended; stopping the host")]
    private partial void LogEndOfInput();
}

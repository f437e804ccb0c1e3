using Dpse.Core.Commands;
using Dpse.Core.Messages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dpse.Bot.Shell;

/// <summary>
/// The terminal adapter: one command per line, each reply printed. Interactive: a prompt, and forms ask field by
/// field. Piped: no prompts, a missing form field is an error, and the host stops with exit code 0 at end of input.
/// </summary>
public sealed partial class ShellAdapter(
    ShellConsole console,
    ShellIdentity identity,
    ICommandDispatcher dispatcher,
    ExportFolder exports,
    IHostApplicationLifetime lifetime,
    ILogger<ShellAdapter> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (and its other services log) before the first prompt.
        await Task.Yield();
        if (console.Interactive)
        {
            console.WriteLine($"Dpse.Bot shell: you are {identity.Actor.DisplayName}{(identity.Actor.IsModerator ? " (moderator)" : "")} in #{identity.Channel.ChannelId}. Type help, or quit to leave.");
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                console.Prompt("dpse> ");
                var line = await console.ReadLineAsync(stoppingToken);
                if (line is null || (console.Interactive && line.Trim() is "quit" or "exit"))
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
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        LogEndOfInput();
        lifetime.StopApplication();
    }

    private async Task RunLineAsync(string line, CancellationToken cancellationToken)
    {
        if (!console.Interactive)
        {
            console.WriteLine($"> {line}");
        }

        var reply = await dispatcher.DispatchTextAsync(line, identity.Actor, identity.Channel, console.Interactive, cancellationToken);
        if (reply.Form is { } form)
        {
            reply = await FillFormAsync(form, cancellationToken);
        }

        await PrintAsync(reply, cancellationToken);
    }

    private async Task<Reply> FillFormAsync(FormRequest form, CancellationToken cancellationToken)
    {
        console.WriteLine($"{form.Form.Title}: answer each field (an empty line skips an optional one).");
        var options = new Dictionary<string, string>(form.Given, StringComparer.OrdinalIgnoreCase);
        foreach (var field in form.Form.Fields.Where(f => !options.ContainsKey(f)))
        {
            var spec = form.Command.Option(field)!;
            console.Prompt($"{field}{(spec.Required ? "" : " (optional)")}, up to {spec.MaxLength} characters: ");
            var value = await console.ReadLineAsync(cancellationToken);
            if (value is null)
            {
                break;
            }

            if (!string.IsNullOrWhiteSpace(value))
            {
                options[field] = value;
            }
        }

        return await dispatcher.DispatchAsync(new CommandRequest(form.Command.Path, options, identity.Actor, identity.Channel), cancellationToken);
    }

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

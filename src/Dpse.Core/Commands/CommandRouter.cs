using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Parsing;
using Microsoft.Extensions.Logging;

namespace Dpse.Core.Commands;

/// <summary>
/// Runs commands for every adapter: checks each option against its spec, the permission, and missing form fields;
/// calls the handler; and turns every user mistake into a one-line error with usage. An exception from a handler is a
/// bug or an outage: it is logged with a short reference id and the person gets that id, never the exception text.
/// Every command is counted and timed in <see cref="CommandMetrics"/> under its catalogue path and outcome.
/// </summary>
public sealed partial class CommandRouter : ICommandDispatcher
{
    private readonly Dictionary<string, ICommandHandler> _handlers;
    private readonly ILogger<CommandRouter> _logger;
    private readonly CommandMetrics? _metrics;

    /// <summary>Creates the router; every command of the catalogue must have exactly one handler.</summary>
    public CommandRouter(IEnumerable<ICommandHandler> handlers, ILogger<CommandRouter> logger, CommandMetrics? metrics = null)
    {
        _logger = logger;
        _metrics = metrics;
        _handlers = [];
        foreach (var handler in handlers)
        {
            if (!_handlers.TryAdd(handler.Spec.Path.Value, handler))
            {
                throw new InvalidOperationException($"Two handlers for '{handler.Spec.Path}'.");
            }
        }

        var missing = CommandCatalogue.All.Where(c => !_handlers.ContainsKey(c.Path.Value)).Select(c => c.Path.Value).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"No handler for: {string.Join(", ", missing)}.");
        }

        var unowned = _handlers.Values.Where(h => h.Spec.Permission == Permission.AuthorOrModerator && h.FindOwned is null).Select(h => h.Spec.Path.Value).ToList();
        if (unowned.Count > 0)
        {
            throw new InvalidOperationException($"No owner lookup for the author-or-moderator commands: {string.Join(", ", unowned)}.");
        }
    }

    /// <inheritdoc />
    public Task<Reply> DispatchTextAsync(string text, Actor actor, ChannelRef place, bool canOpenForms, CancellationToken cancellationToken)
    {
        var parsed = CommandTextParser.Parse(text);
        if (!parsed.Success)
        {
            _metrics?.Record(parsed.Spec?.Path.Value ?? CommandMetrics.UnknownCommand, CommandOutcome.Refused, _metrics.Start());
            return Task.FromResult(Reply.Error(parsed.Error!));
        }

        return DispatchAsync(new CommandRequest(parsed.Spec!.Path, parsed.Options, actor, place) { CanOpenForms = canOpenForms }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Reply> DispatchActionAsync(string actionId, Actor actor, ChannelRef place, CancellationToken cancellationToken)
    {
        if (ActionIds.PageCommandText(actionId) is { } pageText)
        {
            return DispatchTextAsync(pageText, actor, place, canOpenForms: false, cancellationToken);
        }

        if (ActionIds.ToRequest(actionId, actor, place) is { } request)
        {
            return DispatchAsync(request, cancellationToken);
        }

        _metrics?.Record(CommandMetrics.UnknownCommand, CommandOutcome.Refused, _metrics.Start());
        return Task.FromResult(Reply.Error("That button is no longer valid. Type /dpse help for commands."));
    }

    /// <inheritdoc />
    public async Task<Reply> DispatchAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var started = _metrics?.Start() ?? 0;
        var (reply, command, failed) = await RunAsync(request, cancellationToken);
        _metrics?.Record(command, failed ? CommandOutcome.Failed : reply.IsError ? CommandOutcome.Refused : CommandOutcome.Ok, started);
        return reply;
    }

    // Returns the reply with the command's catalogue path (never the typed one) and whether the handler threw.
    private async Task<(Reply Reply, string Command, bool Failed)> RunAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(request.Path.Value, out var handler))
        {
            return (Reply.Error(new ReplyError(ReplyErrorKind.Unknown, $"Unknown command '{CommandTextParser.Shorten(request.Path.Value)}'. Type /dpse help for the list of commands.")), CommandMetrics.UnknownCommand, false);
        }

        var spec = handler.Spec;
        if (spec.Permission == Permission.Moderator && !request.Actor.IsModerator)
        {
            return (Reply.Error(new ReplyError(ReplyErrorKind.NotAllowed, $"Only moderators can use /dpse {spec.Path}.")), spec.Path.Value, false);
        }

        var values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        var given = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var cleared = new List<string>();
        foreach (var (name, raw) in request.Options)
        {
            if (spec.Option(name) is not { } option)
            {
                return (Reply.Error(new ReplyError(ReplyErrorKind.Unknown, $"Unknown option '{CommandTextParser.Shorten(name)}' for {spec.Path}.") { Usage = spec.Usage }), spec.Path.Value, false);
            }

            if (string.IsNullOrWhiteSpace(raw) && !option.Required)
            {
                // An empty optional field (a blank form input) means "not given", except to an edit, where it clears the field.
                cleared.Add(option.Name);
                continue;
            }

            var (value, error) = OptionConverter.Convert(option, raw ?? "");
            if (error is not null)
            {
                return (Reply.Error(new ReplyError(ReplyErrorKind.InvalidOption, $"{Capitalize(error)}.") { Option = option.Name, Usage = spec.Usage }), spec.Path.Value, false);
            }

            values[option.Name] = value!;
            given[option.Name] = raw!;
        }

        foreach (var (name, typed) in request.TypedOptions)
        {
            if (spec.Option(name) is not { } option)
            {
                return (Reply.Error(new ReplyError(ReplyErrorKind.Unknown, $"Unknown option '{CommandTextParser.Shorten(name)}' for {spec.Path}.") { Usage = spec.Usage }), spec.Path.Value, false);
            }

            var (value, error) = OptionConverter.Convert(option, typed);
            if (error is not null)
            {
                return (Reply.Error(new ReplyError(ReplyErrorKind.InvalidOption, $"{Capitalize(error)}.") { Option = option.Name, Usage = spec.Usage }), spec.Path.Value, false);
            }

            values[option.Name] = value!;
            given[option.Name] = typed.ToText(); // a form carries what was given as text
        }

        var missing = spec.Options.Where(o => o.Required && !values.ContainsKey(o.Name)).Select(o => o.Name).ToList();
        if (missing.Count > 0)
        {
            if (request.CanOpenForms && spec.Form is { } form && missing.All(form.Fields.Contains))
            {
                return (new Reply(Message.Line(form.Title), Visibility.OnlyInvoker) { Form = new FormRequest(spec, form, given) }, spec.Path.Value, false);
            }

            var noun = missing.Count == 1 ? "option" : "options";
            return (Reply.Error(new ReplyError(ReplyErrorKind.MissingOption, $"Missing required {noun}: {string.Join(", ", missing)}.") { Option = missing[0], Usage = spec.Usage }), spec.Path.Value, false);
        }

        var invocation = new CommandInvocation(spec, values, request.Actor, request.Place, request.FromButton, cleared);
        using var scope = _logger.BeginScope(new Dictionary<string, object>
        {
            ["Platform"] = request.Place.Platform,
            ["Workspace"] = request.Place.Workspace,
            ["Channel"] = request.Place.ChannelId,
            ["Command"] = spec.Path.Value,
        });
        try
        {
            if (await RefusalAsync(handler, invocation, cancellationToken) is { } refusal)
            {
                return (refusal, spec.Path.Value, false);
            }

            return (await handler.HandleAsync(invocation, cancellationToken), spec.Path.Value, false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            var reference = ReplyError.NewReference();
            LogCommandFailed(exception, spec.Path.Value, reference);
            return (Reply.Error(new ReplyError(ReplyErrorKind.Unexpected, $"Something went wrong on our side (ref {reference}). Please try again later; a moderator can look the reference up in the bot's log.") { Reference = reference }), spec.Path.Value, true);
        }
    }

    // AuthorOrModerator: a member who does not moderate may act only on an item they own. An item the lookup does not
    // find is left to the handler, which says it was not found (the same answer whoever asks).
    private static async Task<Reply?> RefusalAsync(ICommandHandler handler, CommandInvocation invocation, CancellationToken cancellationToken)
    {
        if (handler.Spec.Permission != Permission.AuthorOrModerator || invocation.Actor.IsModerator
            || await handler.FindOwned!(invocation, cancellationToken) is not { } item || item.Owner == invocation.Actor.Ref)
        {
            return null;
        }

        var verb = handler.Spec.Path.Segments[^1];
        return Reply.Error(new ReplyError(ReplyErrorKind.NotAllowed, $"Only the {item.OwnerRole} of {item.Id} or a moderator can {verb} it."));
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [LoggerMessage(Level = LogLevel.Error, Message = "Command {Command} failed (ref {Reference})")]
    private partial void LogCommandFailed(Exception exception, string command, string reference);
}

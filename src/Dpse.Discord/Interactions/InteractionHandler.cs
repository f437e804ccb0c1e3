using System.Text.Json;
using Dpse.Core.Acknowledgement;
using Dpse.Core.Commands;
using Dpse.Core.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dpse.Discord.Interactions;

/// <summary>
/// Answers one INTERACTION_CREATE: slash commands, buttons, modal submissions and autocomplete, all through the
/// core's <see cref="ICommandDispatcher"/>. <see cref="DiscordInteractionReader"/> reads the payload; acknowledge
/// first, work second: the core gets <see cref="DiscordOptions.ReplyBudget"/> (2 s) to answer directly (type 4/7/9);
/// otherwise the interaction is deferred (type 5/6) within Discord's 3 s and the original response is edited when the
/// core is done; <see cref="InteractionResponder"/> sends each of those answers.
/// Gateway and HTTP interactions take this one path; only where the first answer goes differs (the callback endpoint,
/// or the <see cref="InlineResponse"/> of the HTTP request).
/// </summary>
internal sealed class InteractionHandler(
    InteractionResponder responder,
    ICommandDispatcher dispatcher,
    IEnumerable<ICompletionSource> completionSources,
    IOptions<DiscordOptions> options,
    TimeProvider timeProvider,
    ILogger<InteractionHandler> logger)
{
    private readonly ICompletionSource? _completions = completionSources.LastOrDefault();

    public Task HandleAsync(JsonElement interaction, CancellationToken cancellationToken) => HandleAsync(interaction, null, cancellationToken);

    /// <summary>Answers an interaction; with <paramref name="inline"/> the first answer goes into that HTTP response.</summary>
    public async Task HandleAsync(JsonElement interaction, InlineResponse? inline, CancellationToken cancellationToken)
    {
        if (DiscordInteractionReader.ReadInvoker(interaction, options.Value) is not { } invoker)
        {
            Log.InteractionIncomplete(logger);
            return;
        }

        var target = new InteractionTarget(invoker, inline);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["InteractionId"] = invoker.Id, ["Guild"] = invoker.Place.Workspace, ["Channel"] = invoker.Place.ChannelId });
        try
        {
            switch (DiscordInteractionReader.Read(interaction, invoker))
            {
                case SlashCommandInteraction { Command: null }:
                    await responder.RespondAsync(target, Reply.Error("That command is not part of this bot. Try /dpse help."), cancellationToken);
                    break;
                case SlashCommandInteraction { Command: { } command }:
                    var request = new CommandRequest(new CommandPath(command.Path), command.Values, invoker.Actor, invoker.Place) { CanOpenForms = true, TypedOptions = command.Typed };
                    await RunAsync(target, ct => dispatcher.DispatchAsync(request, ct), cancellationToken);
                    break;
                case ComponentInteraction component:
                    await RunAsync(target, ct => dispatcher.DispatchActionAsync(component.CustomId, invoker.Actor, invoker.Place, ct), cancellationToken);
                    break;
                case ModalSubmitInteraction { Command: null }:
                    await responder.RespondAsync(target, Reply.Error("This form is no longer known. Please run the command again."), cancellationToken);
                    break;
                case ModalSubmitInteraction { Command: { } spec } submitted:
                    var merged = new CommandRequest(spec.Path, submitted.Options, invoker.Actor, invoker.Place) { CanOpenForms = false };
                    await RunAsync(target, ct => dispatcher.DispatchAsync(merged, ct), cancellationToken);
                    break;
                case AutocompleteInteraction autocomplete:
                    await responder.SuggestAsync(target, await CompleteAsync(autocomplete, cancellationToken), cancellationToken);
                    break;
                default:
                    Log.InteractionTypeIgnored(logger, invoker.Type);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // The same kind of reference as the router's for a failing command: one format to look up in the log.
            var reference = ReplyError.NewReference();
            Log.InteractionFailed(logger, e, invoker.Id, reference);
            await responder.ApologiseAsync(target, reference, cancellationToken);
        }
    }

    /// <summary>The focused option's completions, or none when they take longer than the reply budget.</summary>
    private async Task<IReadOnlyList<Completion>> CompleteAsync(AutocompleteInteraction autocomplete, CancellationToken cancellationToken)
    {
        if (autocomplete.Command is not { Focused: { } focused } command || CommandCatalogue.Find(command.Path) is not { } spec || _completions is null)
        {
            return [];
        }

        // On the injected clock, like the command reply's window: tests hold it still, production runs it in real time.
        using var expiry = new CancellationTokenSource(options.Value.ReplyBudget, timeProvider);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        try
        {
            return await _completions.CompleteAsync(spec, focused, command.Values.GetValueOrDefault(focused, ""), autocomplete.Invoker.Actor, budget.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return [];
        }
    }

    /// <summary>Runs the command within the acknowledgement window: answered directly when quick, else deferred and completed.</summary>
    private async Task RunAsync(InteractionTarget target, Func<CancellationToken, Task<Reply>> run, CancellationToken cancellationToken)
    {
        var (reply, deferred) = await AcknowledgementWindow.RunAsync(options.Value.ReplyBudget, timeProvider, run, ct => responder.DeferAsync(target, ct), cancellationToken);
        if (deferred)
        {
            await responder.RespondDeferredAsync(target, reply, cancellationToken);
        }
        else
        {
            await responder.RespondAsync(target, reply, cancellationToken);
        }
    }
}

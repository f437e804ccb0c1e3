using Dpse.Core.Messages;

namespace Dpse.Core.Commands;

/// <summary>Binds a catalogue entry to the method that runs it, so a feature keeps its commands in one class.</summary>
public sealed class CommandHandler(CommandSpec spec, Func<CommandInvocation, CancellationToken, Task<Reply>> run) : ICommandHandler
{
    /// <inheritdoc />
    public CommandSpec Spec { get; } = spec;

    /// <inheritdoc />
    public Func<CommandInvocation, CancellationToken, Task<OwnedItem?>>? FindOwned { get; init; }

    /// <inheritdoc />
    public Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken) => run(invocation, cancellationToken);
}

using Dpse.Core.Messages;

namespace Dpse.Core.Commands;

/// <summary>Runs one command of the catalogue. Handlers return user mistakes as error replies and throw only on bugs and outages.</summary>
public interface ICommandHandler
{
    /// <summary>The command this handler runs.</summary>
    CommandSpec Spec { get; }

    /// <summary>
    /// For a <see cref="Permission.AuthorOrModerator"/> command: finds the item it acts on, or null when there is none
    /// the actor may see (the handler then says it was not found). The router runs it for members who do not moderate
    /// and refuses the command unless they own the item; the router refuses to start if such a command has none.
    /// </summary>
    Func<CommandInvocation, CancellationToken, Task<OwnedItem?>>? FindOwned => null;

    /// <summary>Runs the checked command.</summary>
    Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken);
}

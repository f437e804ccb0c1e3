using Dpse.Core.Messages;

namespace Dpse.Core.Commands;

/// <summary>Runs one command of the catalogue. Handlers return user mistakes as error replies and throw only on bugs and outages.</summary>
public interface ICommandHandler
{
    /// <summary>The command this handler runs.</summary>
    CommandSpec Spec { get; }

    /// <summary>Runs the checked command.</summary>
    Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken);
}

using Dpse.Core.Identity;
using Dpse.Core.Messages;

namespace Dpse.Core.Commands;

/// <summary>
/// The one entry adapters call with what a person did. Implemented by <c>CommandRouter</c>: it checks options and
/// permission, runs the handler and turns every user mistake into an error <see cref="Reply"/>. Bugs are caught,
/// logged and answered with a short reference id, so adapters never see an exception except cancellation.
/// </summary>
public interface ICommandDispatcher
{
    /// <summary>Runs a command whose options are already split (Discord options, form submissions, buttons).</summary>
    Task<Reply> DispatchAsync(CommandRequest request, CancellationToken cancellationToken);

    /// <summary>Parses text as typed in Slack or the shell (<c>/dpse</c> prefix optional) and runs it.</summary>
    Task<Reply> DispatchTextAsync(string text, Actor actor, ChannelRef place, bool canOpenForms, CancellationToken cancellationToken);

    /// <summary>Runs a button's action id (see <see cref="ActionIds"/>); an unknown id gets an error reply.</summary>
    Task<Reply> DispatchActionAsync(string actionId, Actor actor, ChannelRef place, CancellationToken cancellationToken);
}

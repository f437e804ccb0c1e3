namespace Dpse.Core.Commands;

/// <summary>
/// Who may run a command, checked by <see cref="CommandRouter"/> before the handler runs. For AuthorOrModerator the
/// handler declares how to find the item (<see cref="ICommandHandler.FindOwned"/>) and the router compares its owner.
/// </summary>
public enum Permission
{
    /// <summary>Every member.</summary>
    Anyone,

    /// <summary>The item's author (or organiser) or a moderator; the router checks it with the handler's <see cref="ICommandHandler.FindOwned"/>.</summary>
    AuthorOrModerator,

    /// <summary>Moderators only; checked by the router before the handler runs.</summary>
    Moderator,
}

namespace Dpse.Core.Commands;

/// <summary>Who may run a command. AuthorOrModerator is checked by the handler once it has loaded the item.</summary>
public enum Permission
{
    /// <summary>Every member.</summary>
    Anyone,

    /// <summary>The item's author (or organiser) or a moderator.</summary>
    AuthorOrModerator,

    /// <summary>Moderators only; checked by the router before the handler runs.</summary>
    Moderator,
}

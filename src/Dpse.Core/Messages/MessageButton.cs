namespace Dpse.Core.Messages;

/// <summary>A button whose <see cref="ActionId"/> (e.g. <c>dpse:celebrate:42</c>) routes back through <see cref="Commands.ActionIds"/>.</summary>
public sealed record MessageButton(string Label, string ActionId, ButtonStyle Style = ButtonStyle.Secondary);

/// <summary>How prominent a button is.</summary>
public enum ButtonStyle
{
    /// <summary>The main action.</summary>
    Primary,

    /// <summary>An ordinary action.</summary>
    Secondary,

    /// <summary>A destructive action.</summary>
    Danger,
}

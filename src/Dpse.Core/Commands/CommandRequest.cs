using Dpse.Core.Identity;

namespace Dpse.Core.Commands;

/// <summary>
/// A command as an adapter received it, before checking: the path, the options as text (Discord values are
/// turned into text too, so every platform gets the same checks), who asked and where.
/// <see cref="CanOpenForms"/> says whether the adapter can show a form for missing long fields.
/// </summary>
public sealed record CommandRequest(CommandPath Path, IReadOnlyDictionary<string, string> Options, Actor Actor, ChannelRef Place)
{
    /// <summary>Whether missing form fields should open a form rather than fail.</summary>
    public bool CanOpenForms { get; init; }

    /// <summary>True when the request came from a button on a card (the reply may replace that card).</summary>
    public bool FromButton { get; init; }
}

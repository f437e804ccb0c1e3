using Dpse.Core.Identity;

namespace Dpse.Core.Commands;

/// <summary>
/// A command as an adapter received it, before checking: the path, the options as text, the options the platform
/// sent already typed (<see cref="TypedOptions"/>: Discord's integers), who asked and where. Both go through the same
/// spec checks in the router.
/// <see cref="CanOpenForms"/> says whether the adapter can show a form for missing long fields.
/// </summary>
public sealed record CommandRequest(CommandPath Path, IReadOnlyDictionary<string, string> Options, Actor Actor, ChannelRef Place)
{
    /// <summary>Whether missing form fields should open a form rather than fail.</summary>
    public bool CanOpenForms { get; init; }

    /// <summary>Options sent as typed values rather than text (Discord's JSON numbers and booleans), keyed by name.</summary>
    public IReadOnlyDictionary<string, TypedValue> TypedOptions { get; init; } = new Dictionary<string, TypedValue>();

    /// <summary>True when the request came from a button on a card (the reply may replace that card).</summary>
    public bool FromButton { get; init; }
}

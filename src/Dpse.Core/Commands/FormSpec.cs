namespace Dpse.Core.Commands;

/// <summary>
/// The long fields of a command that a form collects (Discord modal, Slack view, shell prompts), in order.
/// At most five fields, Discord's modal limit. Fields name options of the same command.
/// </summary>
public sealed record FormSpec(string Title, IReadOnlyList<string> Fields);

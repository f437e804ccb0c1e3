namespace Dpse.Core.Commands;

/// <summary>A command, declared once and rendered for every platform (Discord application commands, Slack and shell text, help).</summary>
public sealed record CommandSpec(CommandPath Path, string Description, IReadOnlyList<OptionSpec> Options, Permission Permission, FormSpec? Form = null)
{
    /// <summary>Who may run it, when that depends on the options (help and the README show this instead of the permission).</summary>
    public string? WhoNote { get; init; }

    /// <summary>The usage line, e.g. <c>/dpse story show &lt;story&gt;</c>.</summary>
    public string Usage => Options.Count == 0
        ? $"/dpse {Path}"
        : $"/dpse {Path} {string.Join(' ', Options.OrderBy(o => o.Positional ? 0 : 1).ThenBy(o => o.Required ? 0 : 1).Select(o => o.Usage))}";

    /// <summary>The option with this name, or null.</summary>
    public OptionSpec? Option(string name) => Options.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));
}

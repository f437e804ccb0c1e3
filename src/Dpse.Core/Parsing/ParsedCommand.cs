using Dpse.Core.Commands;

namespace Dpse.Core.Parsing;

/// <summary>The outcome of parsing command text: either a command with its options as text, or a one-line error with usage.</summary>
public sealed record ParsedCommand
{
    /// <summary>The command, when parsing succeeded.</summary>
    public CommandSpec? Spec { get; init; }

    /// <summary>Options by name, as text (values unquoted and unescaped).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>What was wrong and the correct usage, when parsing failed.</summary>
    public string? Error { get; init; }

    /// <summary>True when <see cref="Spec"/> is set.</summary>
    public bool Success => Error is null && Spec is not null;

    internal static ParsedCommand Fail(string error) => new() { Error = error };
}

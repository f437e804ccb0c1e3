namespace Dpse.Core.Commands;

/// <summary>A command's words after <c>/dpse</c>, e.g. <c>story share</c>; lower-case, single spaces.</summary>
public sealed record CommandPath
{
    /// <summary>Creates a path from its words, e.g. "story share".</summary>
    public CommandPath(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
    }

    /// <summary>The words joined by single spaces.</summary>
    public string Value { get; }

    /// <summary>The words: e.g. ["story", "share"].</summary>
    public IReadOnlyList<string> Segments => Value.Split(' ');

    /// <inheritdoc />
    public override string ToString() => Value;
}

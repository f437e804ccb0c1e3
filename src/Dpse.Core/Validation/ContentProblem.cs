namespace Dpse.Core.Validation;

/// <summary>One thing wrong with an imported story or event: which item, which field, and why.</summary>
public sealed record ContentProblem(string Item, string Field, string Why)
{
    /// <inheritdoc />
    public override string ToString() => $"{Item} {Field}: {Why}";
}

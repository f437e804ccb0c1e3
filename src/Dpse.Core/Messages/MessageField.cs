namespace Dpse.Core.Messages;

/// <summary>A label and a plain-text value; <see cref="Inline"/> lets renderers put short fields side by side.</summary>
public sealed record MessageField(string Label, string Value, bool Inline = true);

using System.Globalization;

namespace Dpse.Core.Commands;

/// <summary>
/// An option value a platform sent already typed (Discord's JSON integers, numbers and booleans). The converter takes it
/// as it is, so a number is never printed and parsed back; an option whose kind has no use for the type (a boolean for a
/// text option, say) is checked from <see cref="ToText"/> like anything typed.
/// </summary>
public readonly record struct TypedValue
{
    private TypedValue(long? integer, double? number, bool? boolean) => (Integer, Number, Boolean) = (integer, number, boolean);

    /// <summary>The whole number sent, or null.</summary>
    public long? Integer { get; }

    /// <summary>The fractional number sent, or null.</summary>
    public double? Number { get; }

    /// <summary>The true or false sent, or null.</summary>
    public bool? Boolean { get; }

    /// <summary>A whole number.</summary>
    public static TypedValue Of(long value) => new(value, null, null);

    /// <summary>A fractional number.</summary>
    public static TypedValue Of(double value) => new(null, value, null);

    /// <summary>A true or false.</summary>
    public static TypedValue Of(bool value) => new(null, null, value);

    /// <summary>The value as people would type it (invariant culture): <c>12</c>, <c>1.5</c>, <c>true</c>.</summary>
    public string ToText() =>
        Integer?.ToString(CultureInfo.InvariantCulture)
        ?? Number?.ToString("R", CultureInfo.InvariantCulture)
        ?? (Boolean == true ? "true" : "false");
}

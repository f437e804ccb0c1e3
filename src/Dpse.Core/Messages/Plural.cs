using System.Globalization;

namespace Dpse.Core.Messages;

/// <summary>Counts with the right word form: "1 story", "2 stories", "1 event".</summary>
public static class Plural
{
    /// <summary>The count and the singular or plural word (the plural defaults to the singular plus "s").</summary>
    public static string Count(long count, string one, string? many = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many ?? one + "s")}");
}

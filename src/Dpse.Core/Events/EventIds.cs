using System.Globalization;
using Dpse.Core.Stories;

namespace Dpse.Core.Events;

/// <summary>Formats and parses event ids: replies say <c>E-3</c>; people may type <c>E-3</c>, <c>e3</c> or <c>3</c>.</summary>
public static class EventIds
{
    /// <summary>The id shown for an event number.</summary>
    public static string Format(int number) => $"E-{number.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses <c>E-3</c>, <c>e3</c>, <c>e-3</c> or <c>3</c>.</summary>
    public static bool TryParse(string? text, out int number) => EntityIds.TryParse(text, 'E', out number);
}

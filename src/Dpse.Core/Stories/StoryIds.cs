using System.Globalization;

namespace Dpse.Core.Stories;

/// <summary>Formats and parses story ids: replies always say <c>S-12</c>; people may type <c>S-12</c>, <c>s12</c> or <c>12</c>.</summary>
public static class StoryIds
{
    /// <summary>The id shown for a story number.</summary>
    public static string Format(int number) => $"S-{number.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses <c>S-12</c>, <c>s12</c>, <c>s-12</c> or <c>12</c>.</summary>
    public static bool TryParse(string? text, out int number) => EntityIds.TryParse(text, 'S', out number);
}

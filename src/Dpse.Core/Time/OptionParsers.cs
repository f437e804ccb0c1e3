namespace Dpse.Core.Time;

/// <summary>Parsers for list-shaped values, shared by the command router and configuration.</summary>
public static class OptionParsers
{
    /// <summary>At most this many reminder offsets per event.</summary>
    public const int MaxReminderOffsets = 5;

    /// <summary>The furthest a reminder offset reaches before the start.</summary>
    public static readonly TimeSpan MaxReminderOffset = TimeSpan.FromDays(30);

    /// <summary>Parses "24h,1h" into distinct offsets, longest first; null when any part is bad or there are too many.</summary>
    public static IReadOnlyList<TimeSpan>? DurationList(string text)
    {
        var parts = SplitList(text);
        if (parts.Count is 0 or > MaxReminderOffsets)
        {
            return null;
        }

        var result = new List<TimeSpan>();
        foreach (var part in parts)
        {
            if (EventTime.ParseDuration(part) is not { } duration || duration > MaxReminderOffset)
            {
                return null;
            }

            result.Add(duration);
        }

        return [.. result.Distinct().OrderDescending()];
    }

    /// <summary>Splits a comma-separated list, trimming and dropping empty parts.</summary>
    public static IReadOnlyList<string> SplitList(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

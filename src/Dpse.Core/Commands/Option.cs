using NodaTime;

namespace Dpse.Core.Commands;

/// <summary>
/// Makes typed options: each factory pairs an <see cref="OptionKind"/> with the one type its values have once converted
/// (a <see cref="OptionKind.StoryId"/> is an <c>int</c>, a list an <c>IReadOnlyList&lt;string&gt;</c>...), and takes the
/// limits that kind needs, so a kind cannot be declared without them or read as another type.
/// </summary>
public static class Option
{
    /// <summary>A short single-line text.</summary>
    public static Option<string> Text(string name, string description, int maxLength) =>
        new(new(name, OptionKind.Text, description) { MaxLength = maxLength });

    /// <summary>A long text (newlines kept), collected by a form when missing.</summary>
    public static Option<string> LongText(string name, string description, int maxLength) =>
        new(new(name, OptionKind.LongText, description) { MaxLength = maxLength });

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<long> Integer(string name, string description, long min, long max) =>
        new(new(name, OptionKind.Integer, description) { Min = min, Max = max });

    /// <summary>
    /// One value of <typeparamref name="TEnum"/>, typed by its user-facing name (<see cref="ChoiceNames"/>): the choice
    /// list is generated from the enum, so it cannot drift from the domain. <paramref name="values"/> picks and orders a
    /// subset (e.g. Monday first); by default every value in declaration order.
    /// </summary>
    public static Option<TEnum> Choice<TEnum>(string name, string description, params TEnum[] values)
        where TEnum : struct, Enum
    {
        var offered = values.Length > 0 ? values : Enum.GetValues<TEnum>();
        return new(new(name, OptionKind.Choice, description)
        {
            Choices = [.. offered.Select(ChoiceNames.Of)],
            ChoiceValues = [.. offered.Cast<object>()],
            ChoiceType = typeof(TEnum),
        });
    }

    /// <summary>A local date and time, <c>yyyy-mm-dd hh:mm</c>.</summary>
    public static Option<LocalDateTime> DateTime(string name, string description) =>
        new(new(name, OptionKind.DateTime, description) { MaxLength = 16 });

    /// <summary>A local time of day, <c>hh:mm</c>.</summary>
    public static Option<LocalTime> TimeOfDay(string name, string description) =>
        new(new(name, OptionKind.TimeOfDay, description) { MaxLength = 5 });

    /// <summary>An IANA time zone.</summary>
    public static Option<DateTimeZone> TimeZone(string name, string description) =>
        new(new(name, OptionKind.TimeZone, description) { MaxLength = 64 });

    /// <summary>A duration up to <paramref name="longest"/>.</summary>
    public static Option<TimeSpan> Duration(string name, string description, TimeSpan longest) =>
        new(new(name, OptionKind.Duration, description) { MaxLength = 10, MaxDuration = longest });

    /// <summary>Up to <paramref name="maxItems"/> durations, each up to <paramref name="longest"/>, longest first.</summary>
    public static Option<IReadOnlyList<TimeSpan>> DurationList(string name, string description, int maxLength, int maxItems, TimeSpan longest) =>
        new(new(name, OptionKind.DurationList, description) { MaxLength = maxLength, MaxItems = maxItems, MaxDuration = longest });

    /// <summary>A comma-separated list of short words, lower-cased and distinct.</summary>
    public static Option<IReadOnlyList<string>> List(string name, string description, int maxLength, int maxItems, int maxItemLength) =>
        new(new(name, OptionKind.List, description) { MaxLength = maxLength, MaxItems = maxItems, MaxItemLength = maxItemLength });

    /// <summary>A comma-separated list of http/https links.</summary>
    public static Option<IReadOnlyList<string>> LinkList(string name, string description, int maxLength, int maxItems) =>
        new(new(name, OptionKind.LinkList, description) { MaxLength = maxLength, MaxItems = maxItems });

    /// <summary>A story id (S-12, s12 or 12) as its number.</summary>
    public static Option<int> StoryId(string name, string description) =>
        new(new(name, OptionKind.StoryId, description) { MaxLength = 12 });

    /// <summary>An event id (E-3, e3 or 3) as its number.</summary>
    public static Option<int> EventId(string name, string description) =>
        new(new(name, OptionKind.EventId, description) { MaxLength = 12 });

    /// <summary>A story or event id, S-n or E-n.</summary>
    public static Option<ContentRef> ContentId(string name, string description) =>
        new(new(name, OptionKind.ContentId, description) { MaxLength = 12 });
}

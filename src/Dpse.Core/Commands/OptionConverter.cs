using System.Globalization;
using Dpse.Core.Events;
using Dpse.Core.Parsing;
using Dpse.Core.Stories;
using Dpse.Core.Time;
using Dpse.Core.Validation;

namespace Dpse.Core.Commands;

/// <summary>
/// Checks one option's text against its spec and converts it to the typed value handlers read. Every limit (length,
/// range, item counts, longest duration) comes from the <see cref="OptionSpec"/>; none is kept here.
/// </summary>
internal static class OptionConverter
{
    public static (object? Value, string? Error) Convert(OptionSpec option, string raw)
    {
        var text = Clean(raw, option.Kind == OptionKind.LongText);
        if (text.Length == 0)
        {
            return (null, $"{option.Name} is empty");
        }

        if (text.Length > option.MaxLength)
        {
            return (null, $"{option.Name} is too long ({text.Length} characters; at most {option.MaxLength})");
        }

        if (TextRules.Problem(option.Name, text, option.Kind == OptionKind.LongText) is { } invisible)
        {
            return (null, invisible);
        }

        return option.Kind switch
        {
            OptionKind.Text or OptionKind.LongText => (text, null),
            OptionKind.Choice => Choice(option, text),
            OptionKind.Integer => Integer(option, text),
            OptionKind.DateTime => EventTime.ParseLocal(text) is { } local
                ? (local, null)
                : EventTime.HasHour24(text)
                ? (null, $"{option.Name} '{CommandTextParser.Shorten(text)}' has hour 24: hours go from 00 to 23; for midnight at the end of a day use 00:00 of the next day")
                : (null, $"{option.Name} '{CommandTextParser.Shorten(text)}' is not a date and time: use yyyy-mm-dd hh:mm, e.g. 2026-12-03 14:00"),
            OptionKind.TimeOfDay => EventTime.ParseTimeOfDay(text) is { } time
                ? (time, null)
                : (null, $"{option.Name} '{CommandTextParser.Shorten(text)}' is not a time: use hh:mm, e.g. 09:00"),
            OptionKind.TimeZone => EventTime.FindZone(text) is { } zone
                ? (zone, null)
                : (null, $"{option.Name} '{CommandTextParser.Shorten(text)}' is not an IANA time zone: use e.g. Europe/London or America/New_York"),
            OptionKind.Duration => EventTime.ParseDuration(text) is { } duration && !(duration > option.MaxDuration)
                ? (duration, null)
                : (null, $"{option.Name} '{CommandTextParser.Shorten(text)}' is not a duration: use e.g. 90m, 2h or 1h30m{(option.MaxDuration is { } longest ? $" (at most {Span(longest)})" : "")}"),
            OptionKind.DurationList => Durations(option, text),
            OptionKind.List => List(option, text),
            OptionKind.LinkList => Links(option, text),
            OptionKind.StoryId => StoryIds.TryParse(text, out var story)
                ? (story, null)
                : (null, $"{option.Name} '{CommandTextParser.Shorten(text)}' is not a story id: use e.g. S-12"),
            OptionKind.EventId => EventIds.TryParse(text, out var ev)
                ? (ev, null)
                : (null, $"{option.Name} '{CommandTextParser.Shorten(text)}' is not an event id: use e.g. E-3"),
            OptionKind.ContentId => Content(option, text),
            _ => (null, $"{option.Name} has an unsupported kind"),
        };
    }

    /// <summary>
    /// Checks a value the platform sent typed: a whole number for an integer option is range-checked as it is; any other
    /// pairing is checked from its text, exactly as if it had been typed.
    /// </summary>
    public static (object? Value, string? Error) Convert(OptionSpec option, TypedValue value)
    {
        if (option.Kind == OptionKind.Integer && value.Integer is { } integer)
        {
            return InRange(option, integer);
        }

        return Convert(option, value.ToText());
    }

    /// <summary>Trims, and removes control characters (newlines survive only in long text) so stored text stays printable.</summary>
    private static string Clean(string raw, bool multiline)
    {
        var chars = raw.Trim().Where(c => !char.IsControl(c) || (multiline && c is '\n' or '\t')).ToArray();
        return new string(chars).Trim();
    }

    private static (object?, string?) Choice(OptionSpec option, string text)
    {
        for (var i = 0; i < option.Choices.Count; i++)
        {
            if (ChoiceNames.Matches(option.Choices[i], text))
            {
                return (option.ChoiceValues.Count > i ? option.ChoiceValues[i] : option.Choices[i], null);
            }
        }

        return (null, $"{option.Name} '{CommandTextParser.Shorten(text)}' is not one of {string.Join(", ", option.Choices)}");
    }

    private static (object?, string?) Integer(OptionSpec option, string text)
    {
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return (null, $"{option.Name} '{CommandTextParser.Shorten(text)}' is not a whole number");
        }

        return InRange(option, value);
    }

    private static (object?, string?) InRange(OptionSpec option, long value)
    {
        if ((option.Min is { } min && value < min) || (option.Max is { } max && value > max))
        {
            return (null, $"{option.Name} must be between {option.Min} and {option.Max}");
        }

        return (value, null);
    }

    private static (object?, string?) List(OptionSpec option, string text)
    {
        var items = OptionParsers.SplitList(text);
        if (items.Count > option.MaxItems)
        {
            return (null, $"{option.Name} has {items.Count} items; at most {option.MaxItems}");
        }

        if (items.FirstOrDefault(i => i.Length > option.MaxItemLength) is { } tooLong)
        {
            return (null, $"{option.Name} item '{CommandTextParser.Shorten(tooLong)}' is too long (at most {option.MaxItemLength} characters)");
        }

        return (items.Select(i => i.ToLowerInvariant()).Distinct().ToList(), null);
    }

    private static (object?, string?) Durations(OptionSpec option, string text)
    {
        var parts = OptionParsers.SplitList(text);
        var durations = new List<TimeSpan>();
        foreach (var part in parts)
        {
            if (EventTime.ParseDuration(part) is not { } duration || duration > option.MaxDuration)
            {
                break;
            }

            durations.Add(duration);
        }

        if (parts.Count == 0 || parts.Count > option.MaxItems || durations.Count < parts.Count)
        {
            var each = option.MaxDuration is { } longest ? $", each at most {Span(longest)}" : "";
            var limits = option.MaxItems is { } most ? $" (at most {most}{each})" : "";
            return (null, $"{option.Name} '{CommandTextParser.Shorten(text)}' is not a list of durations: use e.g. 24h,1h{limits}");
        }

        return ((IReadOnlyList<TimeSpan>)[.. durations.Distinct().OrderDescending()], null);
    }

    /// <summary>A limit as people read it: "7 days", or "12 hours" below a whole day.</summary>
    private static string Span(TimeSpan limit) => limit.TotalDays >= 1 && limit.Ticks % TimeSpan.TicksPerDay == 0
        ? $"{limit.TotalDays.ToString(CultureInfo.InvariantCulture)} days"
        : $"{limit.TotalHours.ToString(CultureInfo.InvariantCulture)} hours";

    private static (object?, string?) Links(OptionSpec option, string text)
    {
        var items = OptionParsers.SplitList(text);
        if (items.Count > option.MaxItems)
        {
            return (null, $"{option.Name} has {items.Count} links; at most {option.MaxItems}");
        }

        foreach (var item in items)
        {
            if (LinkRules.Problem(item) is { } problem)
            {
                return (null, $"{option.Name} '{CommandTextParser.Shorten(item)}' {problem}");
            }
        }

        return (items.ToList(), null);
    }

    private static (object?, string?) Content(OptionSpec option, string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && char.ToUpperInvariant(trimmed[0]) == 'S' && StoryIds.TryParse(trimmed, out var story))
        {
            return (new ContentRef(ContentKind.Story, story), null);
        }

        if (trimmed.Length > 0 && char.ToUpperInvariant(trimmed[0]) == 'E' && EventIds.TryParse(trimmed, out var ev))
        {
            return (new ContentRef(ContentKind.Event, ev), null);
        }

        return (null, $"{option.Name} '{CommandTextParser.Shorten(text)}' is not a story or event id: use e.g. S-12 or E-3");
    }
}

namespace Dpse.Core.Commands;

/// <summary>
/// The type of an option's value. Platforms send text (Discord's integers arrive typed); the router converts and checks
/// it against the spec. Each kind converts to one CLR type (<see cref="OptionSpec.ValueType"/>), the T of the
/// <see cref="Option{T}"/> that declares it.
/// </summary>
public enum OptionKind
{
    /// <summary>A short single-line string.</summary>
    Text,

    /// <summary>A long string, collected by a form when missing.</summary>
    LongText,

    /// <summary>A whole number within bounds.</summary>
    Integer,

    /// <summary>One of a fixed list.</summary>
    Choice,

    /// <summary>A local date and time, <c>yyyy-MM-dd HH:mm</c>.</summary>
    DateTime,

    /// <summary>A local time of day, <c>HH:mm</c>.</summary>
    TimeOfDay,

    /// <summary>An IANA time zone, e.g. Europe/London.</summary>
    TimeZone,

    /// <summary>A duration such as 90m, 2h or 1h30m.</summary>
    Duration,

    /// <summary>A comma-separated list of durations, e.g. 24h,1h.</summary>
    DurationList,

    /// <summary>A comma-separated list of short words (tags, modules, sectors).</summary>
    List,

    /// <summary>A comma-separated list of http/https links.</summary>
    LinkList,

    /// <summary>A story id: S-12, s12 or 12.</summary>
    StoryId,

    /// <summary>An event id: E-3, e3 or 3.</summary>
    EventId,

    /// <summary>A story or event id (moderation): S-12 or E-3.</summary>
    ContentId,
}

using Dpse.Core.Identity;
using NodaTime;

namespace Dpse.Core.Commands;

/// <summary>
/// A checked command: every option present has passed its kind and bounds and holds a typed value.
/// Handlers read values with the typed getters and never see raw text.
/// <see cref="Cleared"/> names the optional options typed with an empty value (<c>lessons:""</c>): an edit clears them.
/// </summary>
public sealed class CommandInvocation(
    CommandSpec spec,
    IReadOnlyDictionary<string, object> values,
    Actor actor,
    ChannelRef place,
    bool fromButton = false,
    IReadOnlyCollection<string>? cleared = null)
{
    /// <summary>The command being run.</summary>
    public CommandSpec Spec { get; } = spec;

    /// <summary>Who asked.</summary>
    public Actor Actor { get; } = actor;

    /// <summary>Where they asked.</summary>
    public ChannelRef Place { get; } = place;

    /// <summary>True when the command came from a button on a card.</summary>
    public bool FromButton { get; } = fromButton;

    /// <summary>Whether the option was given.</summary>
    public bool Has(string name) => values.ContainsKey(name);

    /// <summary>Names of the options given.</summary>
    public IEnumerable<string> Given => values.Keys;

    /// <summary>Names of the optional options given with an empty value, meaning "clear it" to an edit and "not given" to everything else.</summary>
    public IReadOnlyCollection<string> Cleared { get; } = cleared ?? [];

    /// <summary>Whether the option was given with an empty value.</summary>
    public bool IsCleared(string name) => Cleared.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>A text, long-text or choice value, or null.</summary>
    public string? Text(string name) => Get<string>(name);

    /// <summary>An integer value, or null.</summary>
    public long? Integer(string name) => values.TryGetValue(name, out var v) ? (long)v : null;

    /// <summary>A story, event or other id number, or null.</summary>
    public int? Number(string name) => values.TryGetValue(name, out var v) ? (int)v : null;

    /// <summary>A story-or-event id, or null.</summary>
    public ContentRef? Content(string name) => Get<ContentRef>(name);

    /// <summary>A local date-time, or null.</summary>
    public LocalDateTime? DateTime(string name) => values.TryGetValue(name, out var v) ? (LocalDateTime)v : null;

    /// <summary>A local time of day, or null.</summary>
    public LocalTime? TimeOfDay(string name) => values.TryGetValue(name, out var v) ? (LocalTime)v : null;

    /// <summary>A time zone, or null.</summary>
    public DateTimeZone? Zone(string name) => Get<DateTimeZone>(name);

    /// <summary>A duration, or null.</summary>
    public TimeSpan? Duration(string name) => values.TryGetValue(name, out var v) ? (TimeSpan)v : null;

    /// <summary>A list of durations, or null.</summary>
    public IReadOnlyList<TimeSpan>? Durations(string name) => Get<IReadOnlyList<TimeSpan>>(name);

    /// <summary>A list of words or links, or null.</summary>
    public IReadOnlyList<string>? List(string name) => Get<IReadOnlyList<string>>(name);

    private T? Get<T>(string name)
        where T : class => values.TryGetValue(name, out var v) ? (T)v : null;
}

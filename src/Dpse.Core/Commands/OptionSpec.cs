using NodaTime;

namespace Dpse.Core.Commands;

/// <summary>
/// One option of a command: its name (as typed in <c>name:value</c> and as the Discord option name), kind, bounds and help.
/// A <see cref="Positional"/> option may also be given as bare words; the last positional option takes the rest of the text.
/// The catalogue declares options through <see cref="Option{T}"/>, which fixes the type handlers read (<see cref="ValueType"/>).
/// </summary>
public sealed record OptionSpec(string Name, OptionKind Kind, string Description)
{
    /// <summary>The command fails with a usage error when this is missing.</summary>
    public bool Required { get; init; }

    /// <summary>Longest accepted value in characters.</summary>
    public int MaxLength { get; init; } = 100;

    /// <summary>Smallest integer accepted.</summary>
    public long? Min { get; init; }

    /// <summary>Largest integer accepted.</summary>
    public long? Max { get; init; }

    /// <summary>Most items of a list option (<see cref="OptionKind.List"/>, <see cref="OptionKind.LinkList"/>, <see cref="OptionKind.DurationList"/>); null for no limit.</summary>
    public int? MaxItems { get; init; }

    /// <summary>Longest single item of a <see cref="OptionKind.List"/> option, in characters; null for no limit.</summary>
    public int? MaxItemLength { get; init; }

    /// <summary>Longest accepted <see cref="OptionKind.Duration"/>, or each item of a <see cref="OptionKind.DurationList"/>; null for no limit.</summary>
    public TimeSpan? MaxDuration { get; init; }

    /// <summary>The allowed values of a <see cref="OptionKind.Choice"/>, as people type them.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>The enum values <see cref="Choices"/> name, in the same order (empty for a choice of plain words).</summary>
    internal IReadOnlyList<object> ChoiceValues { get; init; } = [];

    /// <summary>The enum a <see cref="OptionKind.Choice"/> converts to, or null for plain words.</summary>
    internal Type? ChoiceType { get; init; }

    /// <summary>The type of the converted value handlers read: what <see cref="Option{T}"/>'s T must be to read this option.</summary>
    public Type ValueType => Kind switch
    {
        OptionKind.Text or OptionKind.LongText => typeof(string),
        OptionKind.Integer => typeof(long),
        OptionKind.Choice => ChoiceType ?? typeof(string),
        OptionKind.DateTime => typeof(LocalDateTime),
        OptionKind.TimeOfDay => typeof(LocalTime),
        OptionKind.TimeZone => typeof(DateTimeZone),
        OptionKind.Duration => typeof(TimeSpan),
        OptionKind.DurationList => typeof(IReadOnlyList<TimeSpan>),
        OptionKind.List or OptionKind.LinkList => typeof(IReadOnlyList<string>),
        OptionKind.StoryId or OptionKind.EventId => typeof(int),
        OptionKind.ContentId => typeof(ContentRef),
        _ => typeof(object),
    };

    /// <summary>May be given as bare words in order.</summary>
    public bool Positional { get; init; }

    /// <summary>Offer completions (Discord autocomplete) for ids and tags.</summary>
    public bool Autocomplete { get; init; }

    /// <summary>
    /// What is wrong with <paramref name="value"/> for this option on its own (as a form field is checked as soon as it
    /// is answered), or null if it is acceptable; the router checks it again, with the other options, on dispatch.
    /// </summary>
    public string? Problem(string value) => OptionConverter.Convert(this, value).Error;

    /// <summary>How the option looks in usage lines: <c>title:&lt;text&gt;</c> or <c>[tag:&lt;list&gt;]</c>.</summary>
    public string Usage
    {
        get
        {
            var value = Kind switch
            {
                OptionKind.Choice => string.Join('|', Choices),
                OptionKind.DateTime => "\"yyyy-mm-dd hh:mm\"",
                OptionKind.TimeOfDay => "hh:mm",
                OptionKind.TimeZone => "Area/City",
                OptionKind.Duration => "2h",
                OptionKind.DurationList => "24h,1h",
                OptionKind.List => "a,b",
                OptionKind.LinkList => "https://…",
                OptionKind.StoryId => "S-n",
                OptionKind.EventId => "E-n",
                OptionKind.ContentId => "S-n|E-n",
                OptionKind.Integer => "n",
                _ => "\"text\"",
            };
            var shown = Positional ? $"<{Name}>" : $"{Name}:{value}";
            return Required ? shown : $"[{shown}]";
        }
    }
}

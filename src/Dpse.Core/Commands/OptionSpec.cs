namespace Dpse.Core.Commands;

/// <summary>
/// One option of a command: its name (as typed in <c>name:value</c> and as the Discord option name), kind, bounds and help.
/// A <see cref="Positional"/> option may also be given as bare words; the last positional option takes the rest of the text.
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

    /// <summary>The allowed values of a <see cref="OptionKind.Choice"/>.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

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

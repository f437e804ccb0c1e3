namespace Dpse.Core.Messages;

/// <summary>
/// A run of text inside a <see cref="TextBlock"/>: the small markdown subset as structure rather than syntax,
/// so user text never turns into markup on any platform (each renderer escapes span text its own way).
/// </summary>
public abstract record TextSpan
{
    private protected TextSpan()
    {
    }
}

/// <summary>Plain text (user text goes here; renderers escape it).</summary>
public sealed record PlainSpan(string Text) : TextSpan;

/// <summary>Bold text.</summary>
public sealed record BoldSpan(string Text) : TextSpan;

/// <summary>Italic text.</summary>
public sealed record ItalicSpan(string Text) : TextSpan;

/// <summary>Inline code (ids, commands).</summary>
public sealed record CodeSpan(string Text) : TextSpan;

/// <summary>A link; <see cref="Url"/> is always http or https (checked when stored).</summary>
public sealed record LinkSpan(string Label, string Url) : TextSpan;

/// <summary>An instant shown in the reader's time where the platform can (Discord, Slack), else in <see cref="TimeZone"/>.</summary>
public sealed record TimeSpanText(DateTimeOffset At, string TimeZone) : TextSpan;

/// <summary>A line break.</summary>
public sealed record LineBreakSpan : TextSpan
{
    /// <summary>The one instance.</summary>
    public static LineBreakSpan Instance { get; } = new();
}

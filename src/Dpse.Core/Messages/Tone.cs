namespace Dpse.Core.Messages;

/// <summary>What a message means; adapters map it to a colour or an emoji.</summary>
public enum Tone
{
    /// <summary>Neutral information.</summary>
    Info,

    /// <summary>Something worked or is worth celebrating.</summary>
    Success,

    /// <summary>Worth attention (a failure story, a moved event).</summary>
    Warning,

    /// <summary>The command did not do what was asked.</summary>
    Error,
}

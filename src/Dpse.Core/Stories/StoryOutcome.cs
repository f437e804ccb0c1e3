namespace Dpse.Core.Stories;

/// <summary>How a project turned out. Failures are first-class: the exchange exists to share them too.</summary>
public enum StoryOutcome
{
    /// <summary>It worked.</summary>
    Success,

    /// <summary>Some of it worked.</summary>
    Partial,

    /// <summary>It did not work; the lessons are the point.</summary>
    Failure,

    /// <summary>It was stopped before the end.</summary>
    Abandoned,
}

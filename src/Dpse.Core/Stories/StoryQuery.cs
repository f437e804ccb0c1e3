using Dpse.Core.Identity;

namespace Dpse.Core.Stories;

/// <summary>
/// A search or list over stories. <see cref="Text"/> empty lists newest first. Hidden and deleted stories
/// are included only when <see cref="Viewer"/> is a moderator and <see cref="IncludeHidden"/> is set.
/// </summary>
public sealed record StoryQuery
{
    /// <summary>Free text; every word must match somewhere (title, summary, lessons, organisation, modules, tags).</summary>
    public string? Text { get; init; }

    /// <summary>Only this outcome.</summary>
    public StoryOutcome? Outcome { get; init; }

    /// <summary>Only stories with this tag.</summary>
    public string? Tag { get; init; }

    /// <summary>Only this sector (case-insensitive, exact).</summary>
    public string? Sector { get; init; }

    /// <summary>Only this organisation (case-insensitive, contains). Never matches anonymised stories for members.</summary>
    public string? Organisation { get; init; }

    /// <summary>Only stories by this author.</summary>
    public ActorRef? Author { get; init; }

    /// <summary>Who is searching: decides whether anonymised organisations and hidden stories can match.</summary>
    public Actor? Viewer { get; init; }

    /// <summary>Include hidden and deleted stories (moderators only; ignored otherwise).</summary>
    public bool IncludeHidden { get; init; }

    /// <summary>1-based page.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Stories per page.</summary>
    public int PageSize { get; init; } = 5;
}

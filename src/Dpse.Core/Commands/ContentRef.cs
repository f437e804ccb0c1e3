using Dpse.Core.Events;
using Dpse.Core.Stories;

namespace Dpse.Core.Commands;

/// <summary>A story or an event named in a moderation command.</summary>
public sealed record ContentRef(ContentKind Kind, int Number)
{
    /// <summary>The id shown to people (S-n or E-n).</summary>
    public string Id => Kind == ContentKind.Story ? StoryIds.Format(Number) : EventIds.Format(Number);
}

/// <summary>What a <see cref="ContentRef"/> points at.</summary>
public enum ContentKind
{
    /// <summary>A story (S-n).</summary>
    Story,

    /// <summary>An event (E-n).</summary>
    Event,
}

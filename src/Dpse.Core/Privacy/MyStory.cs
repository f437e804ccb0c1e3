using Dpse.Core.Identity;
using Dpse.Core.Stories;

namespace Dpse.Core.Privacy;

/// <summary>A story as <c>me export</c> shows it to its author: every field they wrote, and only how many people celebrated it.</summary>
public sealed record MyStory(
    string Id,
    StoryOutcome Outcome,
    string Title,
    string Summary,
    string? Context,
    string? WhatHappened,
    string? Lessons,
    string? Organisation,
    string? OrganisationDescription,
    Attribution Attribution,
    string? Sector,
    string? DrupalVersion,
    IReadOnlyList<string> Modules,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Links,
    string AuthorName,
    ChannelRef? Origin,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    ContentStatus Status,
    int CelebratedBy)
{
    /// <summary>The author's view of <paramref name="story"/>: celebrations become a count.</summary>
    public static MyStory From(Story story) => new(
        story.Id, story.Outcome, story.Title, story.Summary, story.Context, story.WhatHappened, story.Lessons,
        story.Organisation, story.OrganisationDescription, story.Attribution, story.Sector, story.DrupalVersion,
        story.Modules, story.Tags, story.Links, story.AuthorName, story.Origin, story.CreatedAt, story.UpdatedAt,
        story.Status, story.Celebrations.Count);
}

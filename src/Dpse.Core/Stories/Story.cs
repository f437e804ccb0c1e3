using System.Text.Json.Serialization;
using Dpse.Core.Identity;
using Dpse.Core.Writes;

namespace Dpse.Core.Stories;

/// <summary>
/// A project story shared to the exchange. Instants are UTC. <see cref="Number"/> is assigned by the store
/// (0 until then) and shown as <c>S-&lt;n&gt;</c>.
/// </summary>
public sealed record Story : INumberedRecord<Story>
{
    /// <summary>The store-assigned number; shown as S-n.</summary>
    public int Number { get; init; }

    /// <summary>How the project turned out.</summary>
    public required StoryOutcome Outcome { get; init; }

    /// <summary>One-line title.</summary>
    public required string Title { get; init; }

    /// <summary>Short summary.</summary>
    public required string Summary { get; init; }

    /// <summary>The situation before the project.</summary>
    public string? Context { get; init; }

    /// <summary>What happened.</summary>
    public string? WhatHappened { get; init; }

    /// <summary>What was learned, or what would be done differently.</summary>
    public string? Lessons { get; init; }

    /// <summary>The organisation (real name; hidden from others when anonymised).</summary>
    public string? Organisation { get; init; }

    /// <summary>How an anonymised organisation is described to others, e.g. "a district council".</summary>
    public string? OrganisationDescription { get; init; }

    /// <summary>Named or anonymised.</summary>
    public Attribution Attribution { get; init; } = Attribution.Named;

    /// <summary>Sector, e.g. "local government".</summary>
    public string? Sector { get; init; }

    /// <summary>Drupal version, e.g. "10".</summary>
    public string? DrupalVersion { get; init; }

    /// <summary>Drupal modules involved.</summary>
    public IReadOnlyList<string> Modules { get; init; } = [];

    /// <summary>Lower-case tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>http/https links only.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];

    /// <summary>Who shared it.</summary>
    public required ActorRef Author { get; init; }

    /// <summary>The author's display name when shared.</summary>
    public required string AuthorName { get; init; }

    /// <summary>Where it was shared, if anywhere.</summary>
    public ChannelRef? Origin { get; init; }

    /// <summary>When it was shared (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed (UTC).</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>One celebration per person.</summary>
    public IReadOnlyList<Celebration> Celebrations { get; init; } = [];

    /// <summary>Published, hidden or deleted.</summary>
    public ContentStatus Status { get; init; } = ContentStatus.Published;

    /// <summary>
    /// The store's version of the content, status and author, for compare-and-swap (see <see cref="IStoryStore.UpdateContentAsync"/>);
    /// a celebration does not change it. Not exported.
    /// </summary>
    [JsonIgnore]
    public long Version { get; init; }

    /// <summary>True for the bundled sample stories loaded by <c>seed</c>.</summary>
    public bool IsSample { get; init; }

    /// <summary>The id shown to people.</summary>
    public string Id => StoryIds.Format(Number);

    /// <inheritdoc />
    public Story Stored(int number, long version) => this with { Number = number, Version = version };

    /// <inheritdoc />
    public Story WithStatus(ContentStatus status, DateTimeOffset at) => this with { Status = status, UpdatedAt = at, Version = Version + 1 };

    /// <summary>Whether <paramref name="viewer"/> may see the real organisation of this story.</summary>
    public bool ShowsOrganisationTo(Actor? viewer) =>
        Attribution == Attribution.Named
        || (viewer is not null && (viewer.IsModerator || viewer.Ref == Author));

    /// <summary>The organisation as <paramref name="viewer"/> may see it.</summary>
    public string? OrganisationFor(Actor? viewer) =>
        ShowsOrganisationTo(viewer)
            ? Organisation
            : OrganisationDescription ?? (Sector is { Length: > 0 } ? $"an organisation in {Sector}" : "an anonymised organisation");

    /// <summary>
    /// This story with the fields a person edits taken from <paramref name="edited"/> and the version moved on: what
    /// every store's <see cref="IStoryStore.UpdateContentAsync"/> writes. Celebrations, status, author, origin,
    /// created-at and the sample flag stay as stored.
    /// </summary>
    public Story WithEditedContent(Story edited)
    {
        ArgumentNullException.ThrowIfNull(edited);
        return this with
        {
            Outcome = edited.Outcome,
            Title = edited.Title,
            Summary = edited.Summary,
            Context = edited.Context,
            WhatHappened = edited.WhatHappened,
            Lessons = edited.Lessons,
            Organisation = edited.Organisation,
            OrganisationDescription = edited.OrganisationDescription,
            Attribution = edited.Attribution,
            Sector = edited.Sector,
            DrupalVersion = edited.DrupalVersion,
            Modules = edited.Modules,
            Tags = edited.Tags,
            Links = edited.Links,
            UpdatedAt = edited.UpdatedAt,
            Version = Version + 1,
        };
    }
}

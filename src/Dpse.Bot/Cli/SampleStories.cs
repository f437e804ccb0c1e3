using System.Text.Json;
using Dpse.Core.Audit;
using Dpse.Core.Exporting;
using Dpse.Core.Identity;
using Dpse.Core.Stories;
using Dpse.Core.Time;

namespace Dpse.Bot.Cli;

/// <summary>
/// Loads <c>config/sample-stories.json</c>: a dozen illustrative stories, marked as samples, loaded once. Each sample
/// is its own atomic add and a sample already there (by title) is skipped, so a run stopped half-way (killed, disk
/// full) is completed by the next run instead of leaving part of the set and refusing to load the rest.
/// </summary>
public sealed class SampleStories(IStoryStore stories, TimeProvider time)
{
    /// <summary>Who the samples are shared by.</summary>
    public static readonly ActorRef SampleAuthor = new(Platforms.Shell, "local", "dpse-samples");

    /// <summary>Adds the samples that are not there yet; returns how many were added and how many were there already.</summary>
    public async Task<(int Added, int AlreadyThere)> SeedAsync(string path, CancellationToken cancellationToken)
    {
        var loaded = (await stories.ListAllAsync(cancellationToken)).Where(s => s.IsSample).Select(s => s.Title).ToHashSet(StringComparer.Ordinal);
        var file = JsonSerializer.Deserialize<SampleFile>(await File.ReadAllTextAsync(path, cancellationToken), ExchangeJson.Options)
            ?? throw new InvalidDataException($"{path} is empty.");
        var now = time.UtcNowMs();
        var added = 0;
        foreach (var (sample, index) in file.Stories.Select((s, i) => (s, i)))
        {
            if (loaded.Contains(sample.Title))
            {
                continue;
            }

            // Spread the samples over the past weeks so lists and digests look like a living exchange.
            var created = now - TimeSpan.FromDays(file.Stories.Count - index);
            var story = new Story
            {
                Outcome = sample.Outcome,
                Title = sample.Title,
                Summary = sample.Summary,
                Context = sample.Context,
                WhatHappened = sample.Happened,
                Lessons = sample.Lessons,
                Organisation = sample.Org,
                OrganisationDescription = sample.OrgType,
                Attribution = sample.Attribution,
                Sector = sample.Sector,
                DrupalVersion = sample.Drupal,
                Modules = sample.Modules ?? [],
                Tags = sample.Tags ?? [],
                Links = sample.Links ?? [],
                Author = SampleAuthor,
                AuthorName = "DPSE samples",
                CreatedAt = created,
                UpdatedAt = created,
                IsSample = true,
            };
            await stories.AddAsync(story, new AuditEntry(now, SampleAuthor, "DPSE samples", "story.seed", "S-?"), cancellationToken);
            added++;
        }

        return (added, file.Stories.Count - added);
    }

    private sealed record SampleFile(IReadOnlyList<SampleStory> Stories);

    private sealed record SampleStory(
        StoryOutcome Outcome,
        string Title,
        string Summary,
        string? Context,
        string? Happened,
        string? Lessons,
        string? Org,
        string? OrgType,
        Attribution Attribution,
        string? Sector,
        string? Drupal,
        IReadOnlyList<string>? Modules,
        IReadOnlyList<string>? Tags,
        IReadOnlyList<string>? Links);
}

using Dpse.Core.Stories;

namespace Dpse.Core.Search;

/// <summary>
/// The search terms of one story with the weight of the best field each is found in, and the weight a member may
/// see (0 when the term occurs only in an anonymised story's real organisation). <see cref="StorySearchIndex"/> and
/// the PostgreSQL store's text vectors are both built from this, so every provider ranks the same way.
/// </summary>
public static class StoryTerms
{
    /// <summary>Each distinct term with its best weight and its best weight for members.</summary>
    public static IEnumerable<(string Term, int Weight, int PublicWeight)> Weighted(Story story)
    {
        ArgumentNullException.ThrowIfNull(story);
        var best = new Dictionary<string, (int Weight, int PublicWeight)>(StringComparer.Ordinal);
        void Add(string? text, int weight, bool restricted)
        {
            foreach (var term in SearchText.Terms(text))
            {
                best.TryGetValue(term, out var current);
                best[term] = (Math.Max(current.Weight, weight), restricted ? current.PublicWeight : Math.Max(current.PublicWeight, weight));
            }
        }

        Add(story.Title, StorySearchIndex.TitleWeight, false);
        foreach (var tag in story.Tags)
        {
            Add(tag, StorySearchIndex.TitleWeight, false);
        }

        var anonymised = story.Attribution == Attribution.Anonymised;
        Add(story.Organisation, StorySearchIndex.NameWeight, restricted: anonymised);
        if (anonymised)
        {
            Add(story.OrganisationDescription, StorySearchIndex.NameWeight, false);
        }

        foreach (var module in story.Modules)
        {
            Add(module, StorySearchIndex.NameWeight, false);
        }

        Add(story.Sector, StorySearchIndex.NameWeight, false);
        Add(story.Summary, StorySearchIndex.SummaryWeight, false);
        Add(story.Lessons, StorySearchIndex.BodyWeight, false);
        Add(story.Context, StorySearchIndex.BodyWeight, false);
        Add(story.WhatHappened, StorySearchIndex.BodyWeight, false);

        return best.Select(pair => (pair.Key, pair.Value.Weight, pair.Value.PublicWeight));
    }
}

using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Stories;

namespace Dpse.Core.Commands;

/// <summary>Suggestions for story and event ids (matching the number or words of the title), tags and sectors.</summary>
public sealed class CompletionSource(IStoryStore stories, IEventStore events, TimeProvider time) : ICompletionSource
{
    /// <summary>Most suggestions any platform shows.</summary>
    public const int MaxSuggestions = 25;

    /// <inheritdoc />
    public async Task<IReadOnlyList<Completion>> CompleteAsync(CommandSpec spec, string optionName, string partial, Actor actor, CancellationToken cancellationToken)
    {
        var option = spec.Option(optionName);
        if (option is null || !option.Autocomplete)
        {
            return [];
        }

        partial = (partial ?? "").Trim();
        if (partial.Length > 100)
        {
            partial = partial[..100];
        }

        return option.Kind switch
        {
            OptionKind.StoryId => await StoriesAsync(partial, actor, cancellationToken),
            OptionKind.EventId => await EventsAsync(partial, actor, cancellationToken),
            _ when option.Name is "tag" or "tags" => await WordsAsync(s => s.Tags, partial, actor, cancellationToken),
            _ when option.Name == "sector" => await WordsAsync(s => s.Sector is null ? [] : [s.Sector], partial, actor, cancellationToken),
            _ => [],
        };
    }

    private async Task<IReadOnlyList<Completion>> StoriesAsync(string partial, Actor actor, CancellationToken cancellationToken)
    {
        var results = new List<Story>();
        if (StoryIds.TryParse(partial, out var number) && await stories.GetAsync(number, cancellationToken) is { } exact
            && (exact.Status == ContentStatus.Published || actor.IsModerator))
        {
            results.Add(exact);
        }

        var text = StoryIds.TryParse(partial, out _) ? null : partial;
        var page = await stories.SearchAsync(new StoryQuery { Text = text, Viewer = actor, PageSize = MaxSuggestions }, cancellationToken);
        results.AddRange(page.Stories.Where(s => s.Number != number));
        return [.. results.Take(MaxSuggestions).Select(s => new Completion(Label(s.Id, s.Title), s.Id))];
    }

    private async Task<IReadOnlyList<Completion>> EventsAsync(string partial, Actor actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var upcoming = await events.ListStartingBetweenAsync(now - TimeSpan.FromDays(1), now + EventCommands.ListHorizon, cancellationToken);
        return
        [
            .. upcoming
                .Where(e => e.Status == ContentStatus.Published || actor.IsModerator)
                .Where(e => partial.Length == 0 || e.Id.Contains(partial, StringComparison.OrdinalIgnoreCase)
                    || e.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) == partial
                    || e.Title.Contains(partial, StringComparison.OrdinalIgnoreCase))
                .Take(MaxSuggestions)
                .Select(e => new Completion(Label(e.Id, e.Title), e.Id)),
        ];
    }

    private async Task<IReadOnlyList<Completion>> WordsAsync(Func<Story, IEnumerable<string>> words, string partial, Actor actor, CancellationToken cancellationToken)
    {
        var recent = await stories.SearchAsync(new StoryQuery { Viewer = actor, PageSize = 100 }, cancellationToken);
        return
        [
            .. recent.Stories.SelectMany(words)
                .Where(w => w.StartsWith(partial, StringComparison.OrdinalIgnoreCase))
                .GroupBy(w => w.ToLowerInvariant())
                .OrderByDescending(g => g.Count())
                .Take(MaxSuggestions)
                .Select(g => new Completion(g.First(), g.First())),
        ];
    }

    private static string Label(string id, string title)
    {
        var label = $"{id} · {title}";
        return label.Length <= 100 ? label : label[..99] + "…";
    }
}

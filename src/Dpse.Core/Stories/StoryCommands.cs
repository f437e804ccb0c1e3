using System.Globalization;
using Dpse.Core.Commands;
using Dpse.Core.Messages;
using Dpse.Core.Time;
using Dpse.Core.Writes;
using O = Dpse.Core.Commands.CommandOptions;

namespace Dpse.Core.Stories;

/// <summary>The <c>story</c> commands: share, show, search, list, edit, delete, celebrate.</summary>
public sealed class StoryCommands(IStoryStore stories, TimeProvider time)
{
    /// <summary>Stories per page of search and list results.</summary>
    public const int PageSize = 5;

    /// <summary>What someone reads whose action was begun before their own <c>me forget</c> finished.</summary>
    internal const string ErasedNotice = "Your erasure (me forget) finished while this was on its way, so it was not recorded. Run it again if you meant it.";

    // Every story has these; an edit may change them but not empty them.
    private static readonly HashSet<string> RequiredFields = new(StringComparer.OrdinalIgnoreCase) { "outcome", "title", "summary", "attribution" };

    /// <summary>One handler per story command.</summary>
    public IEnumerable<ICommandHandler> Handlers() =>
    [
        new CommandHandler(CommandCatalogue.StoryShare, ShareAsync),
        new CommandHandler(CommandCatalogue.StoryShow, ShowAsync),
        new CommandHandler(CommandCatalogue.StorySearch, SearchAsync),
        new CommandHandler(CommandCatalogue.StoryList, ListAsync),
        new CommandHandler(CommandCatalogue.StoryEdit, EditAsync) { FindOwned = FindOwnedAsync },
        new CommandHandler(CommandCatalogue.StoryDelete, DeleteAsync) { FindOwned = FindOwnedAsync },
        new CommandHandler(CommandCatalogue.StoryCelebrate, CelebrateAsync),
    ];

    private async Task<Reply> ShareAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var now = time.UtcNowMs();
        var draft = Apply(new Story
        {
            Outcome = invocation.Get(O.Outcome)!.Value,
            Title = invocation.Get(O.Title)!,
            Summary = invocation.Get(O.Summary)!,
            Author = invocation.Actor.Ref,
            AuthorName = invocation.Actor.DisplayName,
            Origin = invocation.Place,
            CreatedAt = now,
            UpdatedAt = now,
        }, invocation);

        var story = await stories.AddAsync(draft, invocation.Audit(now, "story.share", "S-?"), cancellationToken);
        // The card goes to the channel, so it is the public one. For an anonymised story the note tells the author
        // (who otherwise sees their real organisation in story show) that this is what everyone else sees.
        var note = $"New {StoryCards.OutcomeLabel(story.Outcome).ToLowerInvariant()} story shared: {story.Id}";
        if (story.Attribution == Attribution.Anonymised)
        {
            note += $" (anonymised: the channel sees the card below without the organisation; the author and moderators see it with /dpse story show {story.Id})";
        }

        return Reply.Public(StoryCards.Full(story, viewer: null, note: note));
    }

    private async Task<Reply> ShowAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var (story, error) = await FindVisibleAsync(invocation, cancellationToken);
        return story is null ? error! : Reply.Private(StoryCards.Full(story, invocation.Actor));
    }

    private Task<Reply> SearchAsync(CommandInvocation invocation, CancellationToken cancellationToken) =>
        QueryAsync(invocation, invocation.Get(O.Query), cancellationToken);

    private Task<Reply> ListAsync(CommandInvocation invocation, CancellationToken cancellationToken) =>
        QueryAsync(invocation, null, cancellationToken);

    private async Task<Reply> QueryAsync(CommandInvocation invocation, string? text, CancellationToken cancellationToken)
    {
        // Words the index ignores (one letter, punctuation) would otherwise list every story as "matching".
        if (text is not null && !Search.SearchText.Terms(text).Any())
        {
            return Reply.Error($"'{StoryCards.Shorten(text, 40)}' has no words to search for: use words of two or more letters or digits. Usage: {invocation.Spec.Usage}");
        }

        var page = (int)(invocation.Get(O.Page) ?? 1);
        var query = new StoryQuery
        {
            Text = text,
            Outcome = invocation.Get(O.Outcome),
            Tag = invocation.Get(O.Tag),
            Sector = invocation.Get(O.Sector),
            Organisation = invocation.Get(O.Org),
            Viewer = invocation.Actor,
            IncludeHidden = invocation.Actor.IsModerator,
            Page = page,
            PageSize = PageSize,
        };
        var result = await stories.SearchAsync(query, cancellationToken);
        var what = text is null ? "Stories" : $"Stories matching \u201C{StoryCards.Shorten(text, 60)}\u201D";
        var filters = Describe(query);
        if (result.Total == 0)
        {
            var hint = text is null && filters.Length == 0 ? "No stories yet. Share the first with /dpse story share." : "Try fewer or different words, or remove a filter.";
            return Reply.Private(Message.Simple($"{what}{filters}", $"Nothing found. {hint}"));
        }

        if (result.Stories.Count == 0)
        {
            return Reply.Error($"Page {page} is past the end: {(result.PageCount == 1 ? "there is 1 page" : $"there are {result.PageCount} pages")}.");
        }

        var blocks = new List<MessageBlock> { new HeaderBlock($"{what}{filters}") };
        foreach (var story in result.Stories)
        {
            blocks.Add(DividerBlock.Instance);
            blocks.AddRange(StoryCards.Entry(story, invocation.Actor));
        }

        blocks.Add(DividerBlock.Instance);
        // A lower bound (a store that stopped counting a common word's matches) reads "100+ stories", "of 20+" pages.
        var more = result.TotalIsLowerBound ? "+" : "";
        var total = result.Total.ToString(CultureInfo.InvariantCulture) + more;
        blocks.Add(ContextBlock.Plain($"Page {page} of {result.PageCount}{more} · {total} {(result.Total == 1 && more.Length == 0 ? "story" : "stories")} · /dpse story show S-n for the full story"));
        if ((page < result.PageCount || result.TotalIsLowerBound) && ActionIds.Page(page + 1, CommandText(invocation, text)) is { } next)
        {
            blocks.Add(new ActionsBlock([new MessageButton("Next page", next)]));
        }

        return Reply.Private(new Message(blocks) { FallbackText = $"{what}: {total}" });
    }

    private async Task<Reply> EditAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var changed = invocation.Given.Concat(invocation.Cleared).Where(name => name != "story").ToList();
        if (changed.Count == 0)
        {
            return Reply.Error($"Nothing to change: give at least one field. Usage: {invocation.Spec.Usage}");
        }

        if (invocation.Cleared.FirstOrDefault(RequiredFields.Contains) is { } required)
        {
            return Reply.Error($"{required} can't be empty: every story has one. Give a new value instead. Usage: {invocation.Spec.Usage}");
        }

        // Compare-and-swap: each attempt re-reads the story and re-applies only what was typed, so a concurrent edit,
        // status change or erasure is never undone; celebrations are not part of the write at all.
        for (var attempt = 0; attempt < CompareAndSwap.MaxAttempts; attempt++)
        {
            var (story, error) = await FindVisibleAsync(invocation, cancellationToken);
            if (story is null)
            {
                return error!;
            }

            var now = time.UtcNowMs();
            var result = await stories.UpdateContentAsync(Apply(story, invocation) with { UpdatedAt = now },
                invocation.Audit(now, "story.edit", story.Id, string.Join(", ", changed)), cancellationToken);
            switch (result.Status)
            {
                case WriteStatus.Done:
                    return Reply.Private(StoryCards.Full(result.Value!, invocation.Actor, note: $"Updated {story.Id}: {string.Join(", ", changed)}."));
                case WriteStatus.NotFound:
                    return Reply.Error($"{story.Id} was not found. Find stories with /dpse story search.");
            }
        }

        return Reply.Error(CompareAndSwap.Exhausted(StoryIds.Format(invocation.Get(O.Story)!.Value)));
    }

    private async Task<Reply> DeleteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var (story, error) = await FindVisibleAsync(invocation, cancellationToken);
        if (story is null)
        {
            return error!;
        }

        var now = time.UtcNowMs();
        var result = await stories.SetStatusAsync(story.Number, ContentStatus.Deleted, now, invocation.Audit(now, "story.delete", story.Id), cancellationToken);
        return result.Status switch
        {
            WriteStatus.Done => Reply.Private(Message.Line($"Deleted {story.Id} · {result.Value!.Title}. It no longer appears in search or digests; a moderator can restore it.", Tone.Success)),
            WriteStatus.Unchanged => Reply.Error($"{story.Id} is already deleted."),
            _ => Reply.Error($"{story.Id} was not found. Find stories with /dpse story search."),
        };
    }

    private async Task<Reply> CelebrateAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var (story, error) = await FindVisibleAsync(invocation, cancellationToken);
        if (story is null)
        {
            return error!;
        }

        if (story.Author == invocation.Actor.Ref)
        {
            return Reply.Error($"{story.Id} is your own story: celebrations come from others.");
        }

        var now = time.UtcNowMs();
        var result = await stories.CelebrateAsync(story.Number, new Celebration(invocation.Actor.Ref, now), invocation.Audit(now, "story.celebrate", story.Id), cancellationToken);
        switch (result.Status)
        {
            case WriteStatus.Unchanged:
                return Reply.Private(Message.Line($"You have already celebrated {story.Id}; each person counts once."));
            case WriteStatus.NotFound:
                return Reply.Error($"{story.Id} was not found. Find stories with /dpse story search.");
            case WriteStatus.Erased:
                return Reply.Error(ErasedNotice);
        }

        var updated = result.Value!;
        var count = updated.Celebrations.Count;
        if (invocation.FromButton)
        {
            return new Reply(StoryCards.Full(updated, viewer: null), Visibility.Channel) { ReplacesCard = true };
        }

        return Reply.Public(Message.Line(
            $"🎉 {invocation.Actor.DisplayName} celebrated {updated.Id} · {updated.Title} ({count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? "celebration" : "celebrations")})",
            Tone.Success));
    }

    /// <summary>The story an edit or delete acts on and its author, for the router's author-or-moderator check.</summary>
    private async Task<OwnedItem?> FindOwnedAsync(CommandInvocation invocation, CancellationToken cancellationToken) =>
        await FindVisibleAsync(invocation, cancellationToken) is ({ } story, _) ? new OwnedItem(story.Id, story.Author, "author") : null;

    /// <summary>The story named by the <c>story</c> option, unless it does not exist or the actor may not see it.</summary>
    private async Task<(Story? Story, Reply? Error)> FindVisibleAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var number = invocation.Get(O.Story)!.Value;
        var story = await stories.GetAsync(number, cancellationToken);
        if (story is null || (story.Status != ContentStatus.Published && !invocation.Actor.IsModerator))
        {
            return (null, Reply.Error($"{StoryIds.Format(number)} was not found. Find stories with /dpse story search."));
        }

        return (story, null);
    }

    /// <summary>
    /// Applies the fields typed in the invocation to a story (share and edit accept the same fields); an optional field
    /// typed empty is cleared (share never has anything to clear).
    /// </summary>
    private static Story Apply(Story story, CommandInvocation invocation)
    {
        string? Text(Option<string> option, string? current) => invocation.IsCleared(option) ? null : invocation.Get(option) ?? current;
        IReadOnlyList<string> List(Option<IReadOnlyList<string>> option, IReadOnlyList<string> current) => invocation.IsCleared(option) ? [] : invocation.Get(option) ?? current;
        return story with
        {
            Outcome = invocation.Get(O.Outcome) ?? story.Outcome,
            Title = invocation.Get(O.Title) ?? story.Title,
            Summary = invocation.Get(O.Summary) ?? story.Summary,
            Lessons = Text(O.Lessons, story.Lessons),
            Context = Text(O.Context, story.Context),
            WhatHappened = Text(O.Happened, story.WhatHappened),
            Organisation = Text(O.Org, story.Organisation),
            OrganisationDescription = Text(O.OrgType, story.OrganisationDescription),
            Attribution = invocation.Get(O.Attribution) ?? story.Attribution,
            Sector = Text(O.Sector, story.Sector),
            DrupalVersion = Text(O.Drupal, story.DrupalVersion),
            Modules = List(O.Modules, story.Modules),
            Tags = List(O.Tags, story.Tags),
            Links = List(O.Links, story.Links),
        };
    }

    private static string Describe(StoryQuery query)
    {
        var parts = new List<string>();
        if (query.Outcome is { } outcome)
        {
            parts.Add(StoryCards.OutcomeLabel(outcome).ToLowerInvariant());
        }

        if (query.Tag is { } tag)
        {
            parts.Add($"tag {tag}");
        }

        if (query.Sector is { } sector)
        {
            parts.Add(sector);
        }

        if (query.Organisation is { } org)
        {
            parts.Add(org);
        }

        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }

    /// <summary>The command as text without its page, for a Next page button.</summary>
    private static string CommandText(CommandInvocation invocation, string? text)
    {
        var parts = new List<string> { invocation.Spec.Path.Value };
        if (text is not null)
        {
            parts.Add(Quote("query", text));
        }

        if (invocation.Get(O.Outcome) is { } outcome)
        {
            parts.Add(Quote(O.Outcome.Name, ChoiceNames.Of(outcome)));
        }

        foreach (var option in new[] { O.Tag, O.Sector, O.Org })
        {
            if (invocation.Get(option) is { } value)
            {
                parts.Add(Quote(option.Name, value));
            }
        }

        return string.Join(' ', parts);
    }

    // The parser takes curly quotes as quotes too, so they are escaped like the straight one.
    private static string Quote(string name, string value) =>
        $"{name}:\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\u201C", "\\\u201C", StringComparison.Ordinal).Replace("\u201D", "\\\u201D", StringComparison.Ordinal)}\"";
}

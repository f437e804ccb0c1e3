using System.Globalization;
using Dpse.Core.Commands;
using Dpse.Core.Identity;
using Dpse.Core.Messages;

namespace Dpse.Core.Stories;

/// <summary>
/// How stories look in replies and digests. Failures are blameless: their card leads with what was learned.
/// An anonymised story shows its organisation only to its author and moderators, and never its author's name to
/// others (the name would give the organisation away).
/// </summary>
public static class StoryCards
{
    /// <summary>The outcome as people read it.</summary>
    public static string OutcomeLabel(StoryOutcome outcome) => outcome switch
    {
        StoryOutcome.Success => "Success",
        StoryOutcome.Partial => "Partial success",
        StoryOutcome.Failure => "Failure",
        _ => "Abandoned",
    };

    /// <summary>A short symbol for lists.</summary>
    public static string OutcomeIcon(StoryOutcome outcome) => outcome switch
    {
        StoryOutcome.Success => "✅",
        StoryOutcome.Partial => "🟡",
        StoryOutcome.Failure => "📘",
        _ => "⏹️",
    };

    /// <summary>The tone a story's card carries.</summary>
    public static Tone ToneOf(StoryOutcome outcome) => outcome switch
    {
        StoryOutcome.Success => Tone.Success,
        StoryOutcome.Partial => Tone.Info,
        _ => Tone.Warning,
    };

    /// <summary>The full card of one story, as <paramref name="viewer"/> may see it.</summary>
    public static Message Full(Story story, Actor? viewer, string? note = null)
    {
        var blocks = new List<MessageBlock>();
        if (note is not null)
        {
            blocks.Add(ContextBlock.Plain(note));
        }

        blocks.Add(new HeaderBlock($"{story.Id} · {story.Title}"));
        blocks.Add(new FieldsBlock(Fields(story, viewer)));
        var lessonsFirst = story.Outcome is StoryOutcome.Failure or StoryOutcome.Abandoned;
        if (lessonsFirst)
        {
            AddSection(blocks, "What we learned", story.Lessons);
        }

        AddSection(blocks, "Summary", story.Summary);
        AddSection(blocks, "Context", story.Context);
        AddSection(blocks, "What happened", story.WhatHappened);
        if (!lessonsFirst)
        {
            AddSection(blocks, "What we learned", story.Lessons);
        }

        if (story.Modules.Count > 0 || story.Tags.Count > 0)
        {
            var details = new List<MessageField>();
            if (story.Modules.Count > 0)
            {
                details.Add(new MessageField("Modules", string.Join(", ", story.Modules)));
            }

            if (story.Tags.Count > 0)
            {
                details.Add(new MessageField("Tags", string.Join(", ", story.Tags)));
            }

            blocks.Add(new FieldsBlock(details));
        }

        if (story.Links.Count > 0)
        {
            var spans = new List<TextSpan> { new BoldSpan("Links") };
            foreach (var link in story.Links)
            {
                spans.Add(LineBreakSpan.Instance);
                spans.Add(new LinkSpan(link, link));
            }

            blocks.Add(new TextBlock(spans));
        }

        blocks.Add(new ContextBlock(Byline(story, viewer)));
        blocks.Add(new ActionsBlock([CelebrateButton(story)]));
        return new Message(blocks, ToneOf(story.Outcome)) { FallbackText = $"{story.Id} · {story.Title}" };
    }

    /// <summary>One compact entry for lists, search results and digests.</summary>
    public static IReadOnlyList<MessageBlock> Entry(Story story, Actor? viewer, bool withLessons = false)
    {
        var spans = new List<TextSpan>
        {
            new PlainSpan(OutcomeIcon(story.Outcome) + " "),
            new BoldSpan($"{story.Id} · {story.Title}"),
            LineBreakSpan.Instance,
            new PlainSpan(Shorten(story.Summary, 280)),
        };
        if (withLessons && !string.IsNullOrWhiteSpace(story.Lessons))
        {
            spans.Add(LineBreakSpan.Instance);
            spans.Add(new ItalicSpan("Lesson: "));
            spans.Add(new PlainSpan(Shorten(story.Lessons, 280)));
        }

        var about = new List<string> { OutcomeLabel(story.Outcome) };
        if (story.OrganisationFor(viewer) is { Length: > 0 } org)
        {
            about.Add(org);
        }

        if (story.Sector is { Length: > 0 } sector)
        {
            about.Add(sector);
        }

        if (story.Celebrations.Count > 0)
        {
            about.Add($"🎉 {story.Celebrations.Count.ToString(CultureInfo.InvariantCulture)}");
        }

        if (story.Status != ContentStatus.Published)
        {
            about.Add(story.Status.ToString().ToUpperInvariant());
        }

        return [new TextBlock(spans), ContextBlock.Plain(string.Join(" · ", about))];
    }

    /// <summary>The Celebrate button, showing the count so far.</summary>
    public static MessageButton CelebrateButton(Story story) =>
        new(story.Celebrations.Count == 0 ? "🎉 Celebrate" : $"🎉 Celebrate ({story.Celebrations.Count.ToString(CultureInfo.InvariantCulture)})",
            ActionIds.Celebrate(story.Number), ButtonStyle.Primary);

    private static List<MessageField> Fields(Story story, Actor? viewer)
    {
        var fields = new List<MessageField> { new("Outcome", $"{OutcomeIcon(story.Outcome)} {OutcomeLabel(story.Outcome)}") };
        if (story.OrganisationFor(viewer) is { Length: > 0 } org)
        {
            var shownReal = story.Attribution == Attribution.Anonymised && story.ShowsOrganisationTo(viewer);
            fields.Add(new MessageField("Organisation", shownReal ? $"{org} (anonymised: only you and moderators see this)" : org));
        }

        if (story.Sector is { Length: > 0 } sector)
        {
            fields.Add(new MessageField("Sector", sector));
        }

        if (story.DrupalVersion is { Length: > 0 } drupal)
        {
            fields.Add(new MessageField("Drupal", drupal));
        }

        return fields;
    }

    private static List<TextSpan> Byline(Story story, Actor? viewer)
    {
        var who = story.Attribution == Attribution.Named || story.ShowsOrganisationTo(viewer) ? story.AuthorName : "a member";
        var text = $"Shared by {who} on {story.CreatedAt.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}";
        if (story.Celebrations.Count > 0)
        {
            var count = story.Celebrations.Count;
            text += $" · 🎉 {count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? "celebration" : "celebrations")}";
        }

        if (story.IsSample)
        {
            text += " · sample story";
        }

        if (story.Status != ContentStatus.Published)
        {
            text += $" · {story.Status.ToString().ToUpperInvariant()} (moderators only)";
        }

        return [new PlainSpan(text)];
    }

    private static void AddSection(List<MessageBlock> blocks, string title, string? body)
    {
        if (!string.IsNullOrWhiteSpace(body))
        {
            blocks.Add(new TextBlock([new BoldSpan(title), LineBreakSpan.Instance, new PlainSpan(body)]));
        }
    }

    /// <summary>Cuts text at a word boundary with an ellipsis.</summary>
    public static string Shorten(string text, int max)
    {
        var flat = text.ReplaceLineEndings(" ");
        if (flat.Length <= max)
        {
            return flat;
        }

        var cut = flat.LastIndexOf(' ', max - 1);
        return (cut > max / 2 ? flat[..cut] : flat[..(max - 1)]) + "…";
    }
}

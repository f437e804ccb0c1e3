using System.Globalization;
using System.Text.RegularExpressions;
using Dpse.Core.Commands;
using Dpse.Core.Events;
using Dpse.Core.Exporting;
using Dpse.Core.Search;
using Dpse.Core.Stories;
using Dpse.Core.Time;

namespace Dpse.Core.Validation;

/// <summary>
/// Checks stored content by the rules commands apply: every field goes through the same option check
/// (<see cref="OptionConverter"/>) with the bounds of <c>story share</c> and <c>event add</c> from the catalogue, so an
/// import can hold nothing a person could not have typed. Also checks what commands guarantee by construction:
/// numbers in range and unique, and the things people attach (celebrations, RSVPs) bounded.
/// </summary>
public static partial class ContentValidator
{
    /// <summary>The longest display name kept with a story, an event or an RSVP.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The longest platform, workspace or user id in a person's reference.</summary>
    public const int MaxIdLength = 100;

    /// <summary>The most celebrations or RSVPs one item may carry in an import (far above any real community).</summary>
    public const int MaxPeoplePerItem = 20_000;

    /// <summary>Every problem in an export, in file order; empty when the whole file may be imported.</summary>
    public static IReadOnlyList<ContentProblem> Check(ExchangeExport export)
    {
        var problems = new List<ContentProblem>();
        CheckNumbers(export.Stories.Select(s => s.Number), "story", StoryIds.Format, problems);
        CheckNumbers(export.Events.Select(e => e.Number), "event", EventIds.Format, problems);
        foreach (var story in export.Stories)
        {
            problems.AddRange(Check(story));
        }

        foreach (var ev in export.Events)
        {
            problems.AddRange(Check(ev));
        }

        return problems;
    }

    /// <summary>The problems of one story, judged by the options of <c>story share</c>.</summary>
    public static IEnumerable<ContentProblem> Check(Story story)
    {
        var item = story.Number > 0 ? story.Id : "a story";
        var spec = CommandCatalogue.StoryShare;
        var fields = new (string Option, string? Value)[]
        {
            ("title", story.Title), ("summary", story.Summary), ("lessons", story.Lessons), ("context", story.Context),
            ("happened", story.WhatHappened), ("org", story.Organisation), ("org-type", story.OrganisationDescription),
            ("sector", story.Sector), ("drupal", story.DrupalVersion),
            ("modules", Join(story.Modules)), ("tags", Join(story.Tags)), ("links", Join(story.Links)),
        };
        foreach (var problem in Fields(item, spec, fields, required: ["title", "summary"]))
        {
            yield return problem;
        }

        if ((ListProblem(story.Tags, "tags") ?? ListProblem(story.Modules, "modules") ?? ListProblem(story.Links, "links")) is { } listProblem)
        {
            yield return new ContentProblem(item, listProblem.Field, listProblem.Why);
        }

        if (NameProblem(story.AuthorName) is { } name)
        {
            yield return new ContentProblem(item, "authorName", name);
        }

        if ((PersonProblem(story.Author) ?? story.Celebrations.Select(c => PersonProblem(c.Person)).FirstOrDefault(p => p is not null)) is { } person)
        {
            yield return new ContentProblem(item, "author or celebrations", person);
        }

        if (story.Celebrations.Count > MaxPeoplePerItem)
        {
            yield return new ContentProblem(item, "celebrations", $"{story.Celebrations.Count} celebrations; at most {MaxPeoplePerItem}");
        }
        else if (story.Celebrations.GroupBy(c => c.Person).Any(g => g.Count() > 1))
        {
            yield return new ContentProblem(item, "celebrations", "one person celebrates it more than once");
        }
    }

    /// <summary>The problems of one event, judged by the options of <c>event add</c>.</summary>
    public static IEnumerable<ContentProblem> Check(CommunityEvent ev)
    {
        var item = ev.Number > 0 ? ev.Id : "an event";
        var spec = CommandCatalogue.EventAdd;
        var fields = new (string Option, string? Value)[]
        {
            ("title", ev.Title), ("description", ev.Description), ("where", ev.Location), ("tz", ev.TimeZone),
            ("reminders", ev.ReminderOffsets is { Count: > 0 } offsets ? string.Join(',', offsets.Select(EventTime.FormatDuration)) : null),
        };
        foreach (var problem in Fields(item, spec, fields, required: ["title", "tz"]))
        {
            yield return problem;
        }

        if (ev.Location is { } where && LocationProblem(where) is { } location)
        {
            yield return new ContentProblem(item, "where", location);
        }

        if (ev.Duration <= TimeSpan.Zero || ev.Duration > TimeSpan.FromDays(7))
        {
            yield return new ContentProblem(item, "duration", "must be more than 0 and at most 7 days");
        }

        if (EventTime.StoredPattern.Parse(ev.LocalStart ?? "") is not { Success: true } local)
        {
            yield return new ContentProblem(item, "localStart", $"'{Quote(ev.LocalStart)}' is not a local date and time like 2026-12-03T14:00");
        }
        else if (EventTime.FindZone(ev.TimeZone ?? "") is { } zone && EventTime.ToUtc(local.Value, zone) is var (utc, error))
        {
            if (error is not null)
            {
                yield return new ContentProblem(item, "localStart", error);
            }
            else if (utc != ev.StartUtc)
            {
                yield return new ContentProblem(item, "startUtc", $"{ev.StartUtc:u} is not {EventTime.Format(local.Value)} in {zone.Id} ({utc:u})");
            }
        }

        if (NameProblem(ev.OrganiserName) is { } name)
        {
            yield return new ContentProblem(item, "organiserName", name);
        }

        if ((PersonProblem(ev.Organiser) ?? ev.Rsvps.Select(r => PersonProblem(r.Person)).FirstOrDefault(p => p is not null)) is { } person)
        {
            yield return new ContentProblem(item, "organiser or rsvps", person);
        }

        if (ev.Rsvps.Count > MaxPeoplePerItem)
        {
            yield return new ContentProblem(item, "rsvps", $"{ev.Rsvps.Count} answers; at most {MaxPeoplePerItem}");
        }
        else if (ev.Rsvps.GroupBy(r => r.Person).Any(g => g.Count() > 1))
        {
            yield return new ContentProblem(item, "rsvps", "one person answers more than once");
        }
        else if (ev.Rsvps.Select(r => NameProblem(r.DisplayName)).FirstOrDefault(p => p is not null) is { } rsvpName)
        {
            yield return new ContentProblem(item, "rsvps", rsvpName);
        }
    }

    /// <summary>
    /// Why a place is refused, or null: it may mention links ("Civic Hall, stream at https://…"), and each must pass
    /// <see cref="LinkRules"/>; any other scheme (<c>javascript:</c>, <c>file://</c>) is refused.
    /// </summary>
    public static string? LocationProblem(string where)
    {
        if (ForbiddenScheme().IsMatch(where))
        {
            return "where must be a place or an http/https link";
        }

        foreach (Match match in LinkPattern().Matches(where))
        {
            var link = match.Value.TrimEnd('.', ',', ';', ')', '!', '?');
            if (!link.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !link.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                return "where must be a place or an http/https link";
            }

            if (LinkRules.Problem(link) is { } problem)
            {
                return $"where: the link '{Quote(link)}' {problem}";
            }
        }

        return null;
    }

    private static IEnumerable<ContentProblem> Fields(string item, CommandSpec spec, (string Option, string? Value)[] fields, string[] required)
    {
        foreach (var (name, value) in fields)
        {
            if (value is null || (value.Length == 0 && !required.Contains(name)))
            {
                if (required.Contains(name))
                {
                    yield return new ContentProblem(item, name, "is missing");
                }

                continue;
            }

            var option = spec.Options.First(o => o.Name == name);
            var multiline = option.Kind == OptionKind.LongText;
            if (TextRules.Problem(name, value, multiline) is { } text)
            {
                yield return new ContentProblem(item, name, Why(name, text));
                continue;
            }

            var (_, error) = OptionConverter.Convert(option, value);
            if (error is not null)
            {
                yield return new ContentProblem(item, name, Why(name, error));
            }
        }
    }

    private static (string Field, string Why)? ListProblem(IReadOnlyList<string> items, string field) =>
        items.Any(i => i.Contains(',', StringComparison.Ordinal) || i.Trim().Length == 0)
            ? (field, "an item is empty or holds a comma")
            : null;

    private static string? NameProblem(string? name) =>
        name is null || name.Trim().Length == 0 ? "is missing"
        : name.Length > MaxNameLength ? $"is too long ({name.Length} characters; at most {MaxNameLength})"
        : TextRules.Problem("the name", name, multiline: false);

    private static string? PersonProblem(Identity.ActorRef? person) =>
        person is null || person.Platform is not { Length: > 0 } || person.UserId is not { Length: > 0 } || person.Workspace is null
            ? "a person reference needs its platform, workspace and user id"
            : new[] { person.Platform, person.Workspace, person.UserId }.Any(p => p.Length > MaxIdLength)
            ? $"a person reference has an id over {MaxIdLength} characters"
            : new[] { person.Platform, person.Workspace, person.UserId }.Select(p => TextRules.Problem("a person id", p, multiline: false)).FirstOrDefault(p => p is not null);

    private static void CheckNumbers(IEnumerable<int> numbers, string kind, Func<int, string> format, List<ContentProblem> problems)
    {
        var seen = new HashSet<int>();
        var reported = new HashSet<int>();
        foreach (var number in numbers)
        {
            if (number <= 0 || number > StorySearchIndex.MaxNumber)
            {
                problems.Add(new ContentProblem($"a {kind}", "number", string.Create(CultureInfo.InvariantCulture, $"{number} is not a number from 1 to {StorySearchIndex.MaxNumber}")));
            }
            else if (!seen.Add(number) && reported.Add(number))
            {
                problems.Add(new ContentProblem(format(number), "number", $"{format(number)} appears more than once in the file"));
            }
        }
    }

    // The option checks name the option first ("title is too long …"); drop it, the field is shown beside.
    private static string Why(string name, string message) =>
        message.StartsWith(name + " ", StringComparison.Ordinal) ? message[(name.Length + 1)..] : message;

    private static string Join(IReadOnlyList<string> items) => items.Count == 0 ? "" : string.Join(',', items);

    private static string Quote(string? text) => StoryCards.Shorten(TextRules.Visible(text ?? ""), 60);

    // Schemes that run or read something when opened, even without "//".
    [GeneratedRegex(@"\b(javascript|vbscript|data|file):", RegexOptions.IgnoreCase)]
    private static partial Regex ForbiddenScheme();

    [GeneratedRegex(@"([A-Za-z][A-Za-z0-9+.\-]*)?://\S*")]
    private static partial Regex LinkPattern();
}

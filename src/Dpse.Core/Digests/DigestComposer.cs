using System.Globalization;
using Dpse.Core.Channels;
using Dpse.Core.Commands;
using Dpse.Core.Deliveries;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Stories;
using Dpse.Core.Time;
using Microsoft.Extensions.Options;

namespace Dpse.Core.Digests;

/// <summary>
/// Builds a channel's weekly digest from the whole exchange (every platform), showing only what any member of the
/// channel may see: published stories, anonymised ones anonymised. Sections: new successes, new failures with their
/// lessons first, the most celebrated of the period, upcoming events of the next 14 days, and a totals line.
/// Each entry is a run of blocks between <see cref="DividerBlock"/>s, so renderers split long digests between entries.
/// </summary>
public sealed class DigestComposer(
    IStoryStore stories,
    IEventStore events,
    IChannelSettingsStore channels,
    IDeliveryStore deliveries,
    TimeProvider time,
    IOptions<ExchangeOptions> options)
{
    /// <summary>How far ahead the digest lists events.</summary>
    public static readonly TimeSpan EventHorizon = TimeSpan.FromDays(14);

    /// <summary>The first digest (and any after a long gap) covers this many days.</summary>
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(7);

    /// <summary>At most this many stories per section; the rest are counted.</summary>
    public const int MaxStoriesPerSection = 10;

    /// <summary>At most this many most-celebrated stories.</summary>
    public const int MaxCelebrated = 3;

    /// <summary>At most this many events.</summary>
    public const int MaxEvents = 10;

    /// <summary>
    /// The digest for <paramref name="channel"/> covering [<paramref name="periodStart"/>, <paramref name="periodEnd"/>),
    /// or null when there is nothing at all to say (no new stories, no celebrations, no upcoming events).
    /// </summary>
    public async Task<Message?> ComposeAsync(ChannelRef channel, DigestSubscription subscription, DateTimeOffset periodStart, DateTimeOffset periodEnd, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(subscription);

        var created = await stories.ListCreatedBetweenAsync(periodStart, periodEnd, cancellationToken);
        var fresh = created.Where(s => s.Status == ContentStatus.Published && Matches(s, subscription)).ToList();
        var successes = fresh.Where(s => s.Outcome is StoryOutcome.Success or StoryOutcome.Partial).ToList();
        var failures = fresh.Where(s => s.Outcome is StoryOutcome.Failure or StoryOutcome.Abandoned).ToList();

        var celebratedStories = await stories.ListCelebratedBetweenAsync(periodStart, periodEnd, cancellationToken);
        var celebrated = celebratedStories
            .Where(s => s.Status == ContentStatus.Published && Matches(s, subscription))
            .Select(s => (Story: s, Count: s.Celebrations.Count(c => c.At >= periodStart && c.At < periodEnd)))
            .Where(x => x.Count > 0)
            .OrderByDescending(x => x.Count)
            .ThenByDescending(x => x.Story.CreatedAt)
            .ThenBy(x => x.Story.Number)
            .ToList();

        var upcomingAll = await events.ListStartingBetweenAsync(periodEnd, periodEnd + EventHorizon, cancellationToken);
        var upcoming = upcomingAll.Where(e => !e.Cancelled && e.Status == ContentStatus.Published).OrderBy(e => e.StartUtc).ThenBy(e => e.Number).ToList();

        if (fresh.Count == 0 && celebrated.Count == 0 && upcoming.Count == 0)
        {
            return null;
        }

        var zone = subscription.TimeZone;
        var blocks = new List<MessageBlock>
        {
            new HeaderBlock(fresh.Count == 0 && celebrated.Count == 0 ? "DPSE weekly digest: upcoming events" : "DPSE weekly digest"),
            new ContextBlock([new PlainSpan($"{Day(periodStart, zone)} to {Day(periodEnd, zone)} · from every Slack workspace and Discord server on the exchange")]),
        };

        AddStorySection(blocks, "New successes", successes, lessonsFirst: false);
        AddStorySection(blocks, "New failures and what was learned", failures, lessonsFirst: true);

        if (celebrated.Count > 0)
        {
            blocks.Add(DividerBlock.Instance);
            blocks.Add(new HeaderBlock("Most celebrated"));
            foreach (var (story, count) in celebrated.Take(MaxCelebrated))
            {
                blocks.Add(DividerBlock.Instance);
                blocks.Add(new TextBlock([new BoldSpan($"{story.Id} {story.Title}"), new PlainSpan($" · {Plural(count, "celebration")} this period")]));
                blocks.Add(new ActionsBlock([new MessageButton("Celebrate", ActionIds.Celebrate(story.Number), ButtonStyle.Primary)]));
            }
        }

        if (upcoming.Count > 0)
        {
            blocks.Add(DividerBlock.Instance);
            blocks.Add(new HeaderBlock("Upcoming events"));
            foreach (var e in upcoming.Take(MaxEvents))
            {
                blocks.Add(DividerBlock.Instance);
                AddEventEntry(blocks, e, zone);
            }

            if (upcoming.Count > MaxEvents)
            {
                blocks.Add(ContextBlock.Plain($"…and {Plural(upcoming.Count - MaxEvents, "more event")}: /dpse event list"));
            }
        }

        blocks.Add(DividerBlock.Instance);
        var totalCelebrations = celebrated.Sum(x => x.Count);
        blocks.Add(ContextBlock.Plain(
            $"This period: {Plural(fresh.Count, "new story", "new stories")} ({successes.Count} successful, {failures.Count} failed or abandoned) · "
            + $"{Plural(totalCelebrations, "celebration")} · {Plural(upcoming.Count, "event")} in the next 14 days"));

        var fallback = fresh.Count == 0
            ? $"DPSE weekly digest: {Plural(upcoming.Count, "upcoming event")}"
            : $"DPSE weekly digest: {Plural(fresh.Count, "new story", "new stories")}, {Plural(upcoming.Count, "upcoming event")}";
        return new Message(blocks, Tone.Info) { FallbackText = fallback };
    }

    /// <summary>
    /// What the channel's next scheduled digest would contain right now (its subscription, or the configured defaults
    /// when not subscribed; the period since its previous digest, or the last 7 days), seen only by the invoker.
    /// </summary>
    public async Task<Reply> PreviewAsync(ChannelRef channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var now = time.UtcNowMs();
        var settings = await channels.GetAsync(channel, cancellationToken);
        var subscription = settings?.Digest ?? DefaultSubscription(options.Value);
        var periodStart = await PeriodStartAsync(channel, now, cancellationToken);
        if (DigestSchedule.NextAfter(subscription, now) is not { } next)
        {
            return Reply.Error("This channel's digest is " + DigestSchedule.UnknownZone(subscription) + ".");
        }

        var when = EventTime.Describe(next, subscription.TimeZone);
        var note = settings?.Digest is null
            ? $"Preview with the default schedule ({when}): this channel is not subscribed; a moderator can run /dpse digest subscribe."
            : $"Preview of the digest due {when}, as it would be if posted now.";

        var message = await ComposeAsync(channel, subscription, periodStart, now, cancellationToken);
        if (message is null)
        {
            return Reply.Private(Message.Line(
                $"Nothing would be posted: no new stories or celebrations since {Day(periodStart, subscription.TimeZone)} and no events in the next 14 days."));
        }

        return Reply.Private(message with { Blocks = [ContextBlock.Plain(note), .. message.Blocks] });
    }

    /// <summary>The start of a channel's next digest period: the end of its previous sent digest, or 7 days before <paramref name="periodEnd"/>.</summary>
    public async Task<DateTimeOffset> PeriodStartAsync(ChannelRef channel, DateTimeOffset periodEnd, CancellationToken cancellationToken)
    {
        var records = await deliveries.ListBySubjectAsync(DeliveryKeys.DigestSubject(channel), cancellationToken);
        var previous = records
            .Where(r => r.Kind == DeliveryKind.Digest && r.Status == DeliveryStatus.Sent && r.PeriodEnd is { } end && end < periodEnd)
            .Select(r => r.PeriodEnd!.Value)
            .DefaultIfEmpty(DateTimeOffset.MinValue)
            .Max();
        var fallback = periodEnd - DefaultPeriod;

        // After a long gap (unsubscribed for months, many skipped weeks) a digest still covers one week, not a backlog.
        return previous == DateTimeOffset.MinValue || previous < periodEnd - (2 * DefaultPeriod) ? fallback : previous;
    }

    /// <summary>The subscription a channel gets from configuration when it has none.</summary>
    public static DigestSubscription DefaultSubscription(ExchangeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var t = options.ParsedDigestTime;
        return new DigestSubscription
        {
            Day = options.DigestDay,
            Time = new TimeOnly(t.Hour, t.Minute),
            TimeZone = options.DefaultTimeZone,
            Since = DateTimeOffset.MinValue,
        };
    }

    /// <summary>Whether a story passes the subscription's filters (tags, sectors, outcomes; each empty filter passes all).</summary>
    public static bool Matches(Story story, DigestSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(story);
        ArgumentNullException.ThrowIfNull(subscription);
        return (subscription.Outcomes.Count == 0 || subscription.Outcomes.Contains(story.Outcome))
            && (subscription.Tags.Count == 0 || story.Tags.Any(t => subscription.Tags.Contains(t, StringComparer.OrdinalIgnoreCase)))
            && (subscription.Sectors.Count == 0 || (story.Sector is { } sector && subscription.Sectors.Contains(sector.Trim(), StringComparer.OrdinalIgnoreCase)));
    }

    /// <summary>The blocks of one event entry (title, time in <paramref name="zone"/>, place, RSVP counts and buttons), shared with reminders.</summary>
    public static void AddEventEntry(List<MessageBlock> blocks, CommunityEvent e, string zone)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(e);
        var spans = new List<TextSpan> { new BoldSpan($"{e.Id} {e.Title}"), LineBreakSpan.Instance, new TimeSpanText(e.StartUtc, zone) };
        spans.Add(new PlainSpan($" · {EventTime.FormatDuration(e.Duration)}"));
        if (!string.IsNullOrWhiteSpace(e.Location))
        {
            spans.Add(LineBreakSpan.Instance);
            spans.Add(e.Location.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || e.Location.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                ? new LinkSpan(e.Location, e.Location)
                : new PlainSpan(e.Location));
        }

        blocks.Add(new TextBlock(spans));
        blocks.Add(ContextBlock.Plain($"{e.Id} · {e.Count(RsvpStatus.Going)} going · {e.Count(RsvpStatus.Interested)} interested · organised by {e.OrganiserName}"));
        blocks.Add(new ActionsBlock(
        [
            new MessageButton("Going", ActionIds.Rsvp(e.Number, RsvpStatus.Going), ButtonStyle.Primary),
            new MessageButton("Interested", ActionIds.Rsvp(e.Number, RsvpStatus.Interested)),
            new MessageButton("Not going", ActionIds.Rsvp(e.Number, RsvpStatus.NotGoing)),
        ]));
    }

    private static void AddStorySection(List<MessageBlock> blocks, string title, List<Story> section, bool lessonsFirst)
    {
        if (section.Count == 0)
        {
            return;
        }

        blocks.Add(DividerBlock.Instance);
        blocks.Add(new HeaderBlock(title));
        foreach (var story in section.Take(MaxStoriesPerSection))
        {
            blocks.Add(DividerBlock.Instance);
            var spans = new List<TextSpan> { new BoldSpan($"{story.Id} {story.Title}") };
            if (lessonsFirst && !string.IsNullOrWhiteSpace(story.Lessons))
            {
                spans.Add(LineBreakSpan.Instance);
                spans.Add(new ItalicSpan("Lessons: "));
                spans.Add(new PlainSpan(story.Lessons));
            }

            spans.Add(LineBreakSpan.Instance);
            spans.Add(new PlainSpan(story.Summary));
            blocks.Add(new TextBlock(spans));

            var fields = new List<MessageField> { new("Outcome", OutcomeText(story.Outcome)) };
            if (story.OrganisationFor(null) is { Length: > 0 } organisation)
            {
                fields.Add(new MessageField("Organisation", organisation));
            }

            if (!string.IsNullOrWhiteSpace(story.Sector))
            {
                fields.Add(new MessageField("Sector", story.Sector));
            }

            blocks.Add(new FieldsBlock(fields));
            var by = story.Attribution == Attribution.Named ? $" · shared by {story.AuthorName}" : "";
            blocks.Add(ContextBlock.Plain($"{story.Id}{by} · {Plural(story.Celebrations.Count, "celebration")}"));
            blocks.Add(new ActionsBlock([new MessageButton("Celebrate", ActionIds.Celebrate(story.Number), ButtonStyle.Primary)]));
        }

        if (section.Count > MaxStoriesPerSection)
        {
            blocks.Add(ContextBlock.Plain($"…and {Plural(section.Count - MaxStoriesPerSection, "more story", "more stories")}: /dpse story list"));
        }
    }

    private static string OutcomeText(StoryOutcome outcome) => outcome switch
    {
        StoryOutcome.Success => "Success",
        StoryOutcome.Partial => "Partial success",
        StoryOutcome.Failure => "Failure",
        _ => "Abandoned",
    };

    private static string Day(DateTimeOffset at, string zoneId)
    {
        var zone = EventTime.FindZone(zoneId) ?? NodaTime.DateTimeZone.Utc;
        var local = NodaTime.Instant.FromDateTimeOffset(at).InZone(zone).LocalDateTime;
        return local.ToString("ddd d MMM", CultureInfo.InvariantCulture);
    }

    private static string Plural(int n, string one, string? many = null) =>
        n == 1 ? $"1 {one}" : $"{n.ToString(CultureInfo.InvariantCulture)} {many ?? one + "s"}";
}

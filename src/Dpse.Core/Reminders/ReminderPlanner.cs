using System.Globalization;
using Dpse.Core.Channels;
using Dpse.Core.Digests;
using Dpse.Core.Events;
using Dpse.Core.Members;
using Dpse.Core.Messages;
using Dpse.Core.Sending;
using Dpse.Core.Stories;
using Microsoft.Extensions.Options;

namespace Dpse.Core.Reminders;

/// <summary>
/// Who gets an event's reminders and notices, when, and what they say. Targets: the event's origin channel, every
/// channel with reminders on, and (for reminders and moved notices) members who answered going or interested and
/// opted in to reminder DMs; cancellation notices go to every member who answered going or interested.
/// </summary>
public sealed class ReminderPlanner(IChannelSettingsStore channels, IMemberSettingsStore members, IOptions<ExchangeOptions> options)
{
    private readonly Lazy<IReadOnlyList<TimeSpan>> _defaults = new(() => Normalise(options.Value.ParsedReminderOffsets));

    /// <summary>The event's own offsets, or the configured defaults; longest first.</summary>
    public IReadOnlyList<TimeSpan> OffsetsFor(CommunityEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.ReminderOffsets is { Count: > 0 } own ? Normalise(own) : _defaults.Value;
    }

    private static IReadOnlyList<TimeSpan> Normalise(IReadOnlyList<TimeSpan> offsets) =>
        [.. offsets.Where(o => o > TimeSpan.Zero).Distinct().OrderDescending()];

    /// <summary>Whether reminders and notices apply to the event at all (published, not cancelled).</summary>
    public static bool IsLive(CommunityEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return !e.Cancelled && e.Status == ContentStatus.Published;
    }

    /// <summary>
    /// Where the event's reminders (or, with <paramref name="cancellation"/>, its cancellation notice) go.
    /// <paramref name="activeChannels"/> lets a caller planning many events read the channel list once.
    /// </summary>
    public async Task<IReadOnlyList<PlannedTarget>> TargetsAsync(CommunityEvent e, bool cancellation, IReadOnlyList<ChannelSettings>? activeChannels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        activeChannels ??= await channels.ListActiveAsync(cancellationToken);
        var result = new List<PlannedTarget>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        if (e.Origin is { } origin && seen.Add(new ChannelTarget(origin).Key))
        {
            result.Add(new PlannedTarget(new ChannelTarget(origin), e.CreatedAt));
        }

        foreach (var settings in activeChannels.Where(c => c.RemindersOn).OrderBy(c => c.Channel.Key, StringComparer.Ordinal))
        {
            var target = new ChannelTarget(settings.Channel);
            if (seen.Add(target.Key))
            {
                result.Add(new PlannedTarget(target, settings.UpdatedAt));
            }
        }

        foreach (var rsvp in e.Rsvps.Where(r => r.Status is RsvpStatus.Going or RsvpStatus.Interested).OrderBy(r => r.Person.Key, StringComparer.Ordinal))
        {
            var target = new DirectTarget(rsvp.Person);
            if (!seen.Add(target.Key))
            {
                continue;
            }

            if (cancellation)
            {
                result.Add(new PlannedTarget(target, rsvp.At));
                continue;
            }

            var settings = await members.GetAsync(rsvp.Person, cancellationToken);
            if (settings is { ReminderDirectMessages: true })
            {
                result.Add(new PlannedTarget(target, settings.UpdatedAt > rsvp.At ? settings.UpdatedAt : rsvp.At));
            }
        }

        return result;
    }

    /// <summary>The reminder card: when, where, who is coming, RSVP buttons; marked when sent late.</summary>
    public static Message ReminderCard(CommunityEvent e, TimeSpan startsIn, bool late)
    {
        ArgumentNullException.ThrowIfNull(e);
        var header = $"Starting in {Human(startsIn)}: {e.Id} {e.Title}";
        var blocks = new List<MessageBlock> { new HeaderBlock(header) };
        if (late)
        {
            blocks.Add(ContextBlock.Plain("Sent late: the bot was offline when this reminder was due."));
        }

        DigestComposer.AddEventEntry(blocks, e, e.TimeZone);
        return new Message(blocks, Tone.Info) { FallbackText = header };
    }

    /// <summary>The notice that an event moved.</summary>
    public static Message MovedNotice(CommunityEvent e, DateTimeOffset previousStart)
    {
        ArgumentNullException.ThrowIfNull(e);
        var header = $"Moved: {e.Id} {e.Title}";
        var blocks = new List<MessageBlock>
        {
            new HeaderBlock(header),
            new TextBlock([new PlainSpan("Now "), new TimeSpanText(e.StartUtc, e.TimeZone), new PlainSpan(", no longer "), new TimeSpanText(previousStart, e.TimeZone), new PlainSpan(".")]),
            DividerBlock.Instance,
        };
        DigestComposer.AddEventEntry(blocks, e, e.TimeZone);
        return new Message(blocks, Tone.Warning) { FallbackText = header };
    }

    /// <summary>The notice that an event was cancelled.</summary>
    public static Message CancelledNotice(CommunityEvent e, string? reason)
    {
        ArgumentNullException.ThrowIfNull(e);
        var header = $"Cancelled: {e.Id} {e.Title}";
        var spans = new List<TextSpan> { new PlainSpan("It was due to start "), new TimeSpanText(e.StartUtc, e.TimeZone), new PlainSpan(". No more reminders will be sent.") };
        if (!string.IsNullOrWhiteSpace(reason))
        {
            spans.Add(LineBreakSpan.Instance);
            spans.Add(new ItalicSpan("Reason: "));
            spans.Add(new PlainSpan(reason));
        }

        return new Message([new HeaderBlock(header), new TextBlock(spans), ContextBlock.Plain($"{e.Id} · organised by {e.OrganiserName}")], Tone.Warning)
        {
            FallbackText = header,
        };
    }

    /// <summary>A duration as people say it: 1 hour, 24 hours, 2 days, 45 minutes, 1 hour 30 minutes.</summary>
    public static string Human(TimeSpan span)
    {
        var minutes = (long)Math.Round(span.TotalMinutes, MidpointRounding.AwayFromZero);
        if (minutes < 1)
        {
            return "less than a minute";
        }

        if (minutes >= 48 * 60 && minutes % (24 * 60) == 0)
        {
            return Unit(minutes / (24 * 60), "day");
        }

        if (minutes < 60)
        {
            return Unit(minutes, "minute");
        }

        var hours = Unit(minutes / 60, "hour");
        return minutes % 60 == 0 ? hours : $"{hours} {Unit(minutes % 60, "minute")}";
    }

    private static string Unit(long n, string unit) =>
        n == 1 ? $"1 {unit}" : $"{n.ToString(CultureInfo.InvariantCulture)} {unit}s";
}

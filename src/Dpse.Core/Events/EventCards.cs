using System.Globalization;
using Dpse.Core.Commands;
using Dpse.Core.Messages;
using Dpse.Core.Time;

namespace Dpse.Core.Events;

/// <summary>How events look in replies, reminders and digests: time in the reader's zone where the platform can, RSVP buttons.</summary>
public static class EventCards
{
    /// <summary>The full card of one event.</summary>
    public static Message Full(CommunityEvent ev, string? note = null)
    {
        var blocks = new List<MessageBlock>();
        if (note is not null)
        {
            blocks.Add(ContextBlock.Plain(note));
        }

        blocks.Add(new HeaderBlock(ev.Cancelled ? $"Cancelled: {ev.Id} · {ev.Title}" : $"{ev.Id} · {ev.Title}"));
        blocks.Add(new TextBlock([new BoldSpan("When: "), new TimeSpanText(ev.StartUtc, ev.TimeZone), new PlainSpan($" for {EventTime.FormatDuration(ev.Duration)}")]));
        var fields = new List<MessageField>();
        if (ev.Location is { Length: > 0 } where)
        {
            fields.Add(new MessageField("Where", where));
        }

        fields.Add(new MessageField("Organiser", ev.OrganiserName));
        fields.Add(new MessageField("RSVPs", Counts(ev)));
        blocks.Add(new FieldsBlock(fields));
        if (ev.Description is { Length: > 0 } description)
        {
            blocks.Add(TextBlock.Plain(description));
        }

        var going = ev.Rsvps.Where(r => r.Status == RsvpStatus.Going).Select(r => r.DisplayName).ToList();
        if (going.Count > 0)
        {
            var names = string.Join(", ", going.Take(10)) + (going.Count > 10 ? $" and {going.Count - 10} more" : "");
            blocks.Add(ContextBlock.Plain($"Going: {names}"));
        }

        if (!ev.Cancelled)
        {
            blocks.Add(RsvpButtons(ev));
        }

        return new Message(blocks, ev.Cancelled ? Tone.Warning : Tone.Info) { FallbackText = $"{ev.Id} · {ev.Title}" };
    }

    /// <summary>One compact entry for lists and digests.</summary>
    public static IReadOnlyList<MessageBlock> Entry(CommunityEvent ev) =>
    [
        new TextBlock([new BoldSpan($"{ev.Id} · {ev.Title}"), LineBreakSpan.Instance, new TimeSpanText(ev.StartUtc, ev.TimeZone),
            new PlainSpan(ev.Location is { Length: > 0 } where ? $" · {where}" : "")]),
        ContextBlock.Plain(Counts(ev) + (ev.Cancelled ? " · CANCELLED" : "")),
    ];

    /// <summary>Going, Interested and Not going buttons.</summary>
    public static ActionsBlock RsvpButtons(CommunityEvent ev) => new(
    [
        new MessageButton("Going", ActionIds.Rsvp(ev.Number, RsvpStatus.Going), ButtonStyle.Primary),
        new MessageButton("Interested", ActionIds.Rsvp(ev.Number, RsvpStatus.Interested)),
        new MessageButton("Not going", ActionIds.Rsvp(ev.Number, RsvpStatus.NotGoing)),
    ]);

    /// <summary>"3 going · 2 interested".</summary>
    public static string Counts(CommunityEvent ev) =>
        $"{ev.Count(RsvpStatus.Going).ToString(CultureInfo.InvariantCulture)} going · {ev.Count(RsvpStatus.Interested).ToString(CultureInfo.InvariantCulture)} interested";
}

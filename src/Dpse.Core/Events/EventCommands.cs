using Dpse.Core.Commands;
using Dpse.Core.Messages;
using Dpse.Core.Reminders;
using Dpse.Core.Scheduling;
using Dpse.Core.Stories;
using Dpse.Core.Time;
using Dpse.Core.Validation;
using Dpse.Core.Writes;
using Microsoft.Extensions.Options;
using NodaTime;
using O = Dpse.Core.Commands.CommandOptions;

namespace Dpse.Core.Events;

/// <summary>The <c>event</c> commands: add, show, list, edit, cancel, rsvp.</summary>
public sealed class EventCommands(IEventStore events, TimeProvider time, IOptions<ExchangeOptions> options, IScheduleSignal schedule, IEventChanges changes)
{
    /// <summary>Events per page of the list.</summary>
    public const int PageSize = 5;

    // Every event has these; an edit may change them but not empty them.
    private static readonly HashSet<string> RequiredFields = new(StringComparer.OrdinalIgnoreCase) { "title", "start", "tz", "duration" };

    /// <summary>How far ahead <c>event list</c> looks.</summary>
    public static readonly TimeSpan ListHorizon = TimeSpan.FromDays(366);

    /// <summary>One handler per event command.</summary>
    public IEnumerable<ICommandHandler> Handlers() =>
    [
        new CommandHandler(CommandCatalogue.EventAdd, AddAsync),
        new CommandHandler(CommandCatalogue.EventShow, ShowAsync),
        new CommandHandler(CommandCatalogue.EventList, ListAsync),
        new CommandHandler(CommandCatalogue.EventEdit, EditAsync) { FindOwned = FindOwnedAsync },
        new CommandHandler(CommandCatalogue.EventCancel, CancelAsync) { FindOwned = FindOwnedAsync },
        new CommandHandler(CommandCatalogue.EventRsvp, RsvpAsync),
    ];

    private async Task<Reply> AddAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var zone = invocation.Get(O.Tz) ?? EventTime.FindZone(options.Value.DefaultTimeZone) ?? DateTimeZone.Utc;
        var local = invocation.Get(O.Start)!.Value;
        var (start, error) = Start(local, zone);
        if (error is not null)
        {
            return error;
        }

        if (LocationError(invocation) is { } badLocation)
        {
            return badLocation;
        }

        var now = time.UtcNowMs();
        var draft = new CommunityEvent
        {
            Title = invocation.Get(O.Title)!,
            Description = invocation.Get(O.Description),
            StartUtc = start!.Value,
            LocalStart = EventTime.StoredPattern.Format(local),
            TimeZone = zone.Id,
            Duration = invocation.Get(O.Duration) ?? TimeSpan.FromHours(1),
            Location = invocation.Get(O.Where),
            Organiser = invocation.Actor.Ref,
            OrganiserName = invocation.Actor.DisplayName,
            Origin = invocation.Place,
            ReminderOffsets = invocation.Get(O.Reminders),
            CreatedAt = now,
            UpdatedAt = now,
        };
        var ev = await events.AddAsync(draft, invocation.Audit(now, "event.add", "E-?"), cancellationToken);
        schedule.Changed();
        return Reply.Public(EventCards.Full(ev, note: $"New event: {ev.Id} · answer with the buttons or /dpse event rsvp {ev.Id} going"));
    }

    private async Task<Reply> ShowAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var (ev, error) = await FindVisibleAsync(invocation, cancellationToken);
        return ev is null ? error! : Reply.Private(EventCards.Full(ev));
    }

    private async Task<Reply> ListAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var page = (int)(invocation.Get(O.Page) ?? 1);
        var now = time.GetUtcNow();
        var upcoming = (await events.ListStartingBetweenAsync(now, now + ListHorizon, cancellationToken))
            .Where(e => !e.Cancelled && (e.Status == ContentStatus.Published || invocation.Actor.IsModerator))
            .ToList();
        if (upcoming.Count == 0)
        {
            return Reply.Private(Message.Simple("Upcoming events", "No upcoming events. Add one with /dpse event add."));
        }

        var pages = ((upcoming.Count - 1) / PageSize) + 1;
        if (page > pages)
        {
            return Reply.Error($"Page {page} is past the end: {(pages == 1 ? "there is 1 page" : $"there are {pages} pages")}.");
        }

        var blocks = new List<MessageBlock> { new HeaderBlock("Upcoming events") };
        foreach (var ev in upcoming.Skip((page - 1) * PageSize).Take(PageSize))
        {
            blocks.Add(DividerBlock.Instance);
            blocks.AddRange(EventCards.Entry(ev));
        }

        blocks.Add(DividerBlock.Instance);
        blocks.Add(ContextBlock.Plain($"Page {page} of {pages} · /dpse event show E-n for details and RSVP buttons"));
        if (page < pages && ActionIds.Page(page + 1, "event list") is { } next)
        {
            blocks.Add(new ActionsBlock([new MessageButton("Next page", next)]));
        }

        return Reply.Private(new Message(blocks) { FallbackText = "Upcoming events" });
    }

    private async Task<Reply> EditAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var changed = invocation.Given.Concat(invocation.Cleared).Where(name => name != "event").ToList();
        if (changed.Count == 0)
        {
            return Reply.Error($"Nothing to change: give at least one field. Usage: {invocation.Spec.Usage}");
        }

        if (invocation.Cleared.FirstOrDefault(RequiredFields.Contains) is { } required)
        {
            return Reply.Error($"{required} can't be empty: every event has one. Give a new value instead. Usage: {invocation.Spec.Usage}");
        }

        if (LocationError(invocation) is { } badLocation)
        {
            return badLocation;
        }

        // Compare-and-swap: each attempt re-reads the event and re-applies only what was typed; RSVPs are not part of the write.
        for (var attempt = 0; attempt < CompareAndSwap.MaxAttempts; attempt++)
        {
            var (ev, error) = await FindVisibleAsync(invocation, cancellationToken);
            if (ev is null)
            {
                return error!;
            }

            if (ev.Cancelled)
            {
                return Reply.Error($"{ev.Id} is cancelled; add a new event instead.");
            }

            var updated = ev;
            if (invocation.Has(O.Start) || invocation.Has(O.Tz))
            {
                var zone = invocation.Get(O.Tz) ?? EventTime.FindZone(ev.TimeZone) ?? DateTimeZone.Utc;
                var local = invocation.Get(O.Start) ?? EventTime.StoredPattern.Parse(ev.LocalStart).GetValueOrThrow();
                var (start, startError) = Start(local, zone);
                if (startError is not null)
                {
                    return startError;
                }

                updated = updated with { StartUtc = start!.Value, LocalStart = EventTime.StoredPattern.Format(local), TimeZone = zone.Id };
            }

            var now = time.UtcNowMs();
            updated = updated with
            {
                Title = invocation.Get(O.Title) ?? ev.Title,
                Description = invocation.IsCleared(O.Description) ? null : invocation.Get(O.Description) ?? ev.Description,
                Duration = invocation.Get(O.Duration) ?? ev.Duration,
                Location = invocation.IsCleared(O.Where) ? null : invocation.Get(O.Where) ?? ev.Location,
                ReminderOffsets = invocation.IsCleared(O.Reminders) ? null : invocation.Get(O.Reminders) ?? ev.ReminderOffsets,
                UpdatedAt = now,
            };
            var result = await events.UpdateDetailsAsync(updated, invocation.Audit(now, "event.edit", ev.Id, string.Join(", ", changed)), cancellationToken);
            if (result.Status == WriteStatus.NotFound)
            {
                return Reply.Error($"{ev.Id} was not found. See upcoming events with /dpse event list.");
            }

            if (result.Status != WriteStatus.Done)
            {
                continue;
            }

            var stored = result.Value!;
            if (stored.StartUtc != ev.StartUtc)
            {
                await changes.StartMovedAsync(ev, stored, cancellationToken);
            }
            else
            {
                schedule.Changed();
            }

            var moved = stored.StartUtc != ev.StartUtc ? " The start moved; people who answered will be told." : "";
            return Reply.Private(EventCards.Full(stored, note: $"Updated {ev.Id}: {string.Join(", ", changed)}.{moved}"));
        }

        return Reply.Error(CompareAndSwap.Exhausted(EventIds.Format(invocation.Get(O.Event)!.Value)));
    }

    private async Task<Reply> CancelAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var (ev, error) = await FindVisibleAsync(invocation, cancellationToken);
        if (ev is null)
        {
            return error!;
        }

        var now = time.UtcNowMs();
        var result = await events.CancelAsync(ev.Number, now, invocation.Audit(now, "event.cancel", ev.Id, invocation.Get(O.Reason)), cancellationToken);
        if (result.Status == WriteStatus.Unchanged)
        {
            return Reply.Error($"{ev.Id} is already cancelled.");
        }

        if (result.Status != WriteStatus.Done)
        {
            return Reply.Error($"{ev.Id} was not found. See upcoming events with /dpse event list.");
        }

        var cancelled = result.Value!;
        await changes.CancelledAsync(cancelled, invocation.Get(O.Reason), cancellationToken);
        var reason = invocation.Get(O.Reason) is { } r ? $" Reason: {r}" : "";
        return Reply.Public(EventCards.Full(cancelled, note: $"{ev.Id} has been cancelled.{reason}"));
    }

    private async Task<Reply> RsvpAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var (ev, error) = await FindVisibleAsync(invocation, cancellationToken);
        if (ev is null)
        {
            return error!;
        }

        if (ev.Cancelled)
        {
            return Reply.Error($"{ev.Id} is cancelled.");
        }

        var now = time.UtcNowMs();
        if (ev.EndUtc <= now)
        {
            return Reply.Error($"{ev.Id} is over.");
        }

        var status = invocation.Get(O.Answer)!.Value;
        var result = await events.SetRsvpAsync(ev.Number, new Rsvp(invocation.Actor.Ref, invocation.Actor.DisplayName, status, now),
            invocation.Audit(now, "event.rsvp", ev.Id, ActionIds.Answer(status)), cancellationToken);
        if (result.Status == WriteStatus.Erased)
        {
            return Reply.Error(StoryCommands.ErasedNotice);
        }

        if (result.Status != WriteStatus.Done)
        {
            return Reply.Error($"{ev.Id} was not found. See upcoming events with /dpse event list.");
        }

        var updated = result.Value!;
        if (invocation.FromButton)
        {
            return new Reply(EventCards.Full(updated), Visibility.Channel) { ReplacesCard = true };
        }

        var answer = status switch
        {
            RsvpStatus.Going => "You're going to",
            RsvpStatus.Interested => "You're interested in",
            _ => "You're not going to",
        };
        return Reply.Private(new Message(
        [
            new TextBlock([new PlainSpan($"{answer} {updated.Id} · {updated.Title}, "), new TimeSpanText(updated.StartUtc, updated.TimeZone), new PlainSpan(".")]),
            ContextBlock.Plain(EventCards.Counts(updated) + " · turn on reminder DMs with /dpse reminders on dm"),
        ], Tone.Success)
        { FallbackText = $"{answer} {updated.Id}" });
    }

    /// <summary>The event an edit or cancel acts on and its organiser, for the router's author-or-moderator check.</summary>
    private async Task<OwnedItem?> FindOwnedAsync(CommandInvocation invocation, CancellationToken cancellationToken) =>
        await FindVisibleAsync(invocation, cancellationToken) is ({ } ev, _) ? new OwnedItem(ev.Id, ev.Organiser, "organiser") : null;

    private async Task<(CommunityEvent? Event, Reply? Error)> FindVisibleAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var number = invocation.Get(O.Event)!.Value;
        var ev = await events.GetAsync(number, cancellationToken);
        if (ev is null || (ev.Status != ContentStatus.Published && !invocation.Actor.IsModerator))
        {
            return (null, Reply.Error($"{EventIds.Format(number)} was not found. See upcoming events with /dpse event list."));
        }

        return (ev, null);
    }

    private (DateTimeOffset? Start, Reply? Error) Start(LocalDateTime local, DateTimeZone zone)
    {
        var (start, error) = EventTime.ToUtc(local, zone);
        if (error is not null)
        {
            return (null, Reply.Error(error));
        }

        if (start!.Value <= time.GetUtcNow())
        {
            return (null, Reply.Error($"{EventTime.Format(local)} in {zone.Id} is in the past. Events must start in the future."));
        }

        return (start, null);
    }

    private static Reply? LocationError(CommandInvocation invocation) =>
        invocation.Get(O.Where) is { } where && ContentValidator.LocationProblem(where) is { } problem ? Reply.Error(new ReplyError(ReplyErrorKind.InvalidOption, problem + ".") { Option = "where" }) : null;
}

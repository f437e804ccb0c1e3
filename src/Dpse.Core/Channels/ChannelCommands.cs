using System.Globalization;
using Dpse.Core.Commands;
using Dpse.Core.Digests;
using Dpse.Core.Members;
using Dpse.Core.Messages;
using Dpse.Core.Scheduling;
using Dpse.Core.Stories;
using Dpse.Core.Time;
using Dpse.Core.Writes;
using Microsoft.Extensions.Options;
using O = Dpse.Core.Commands.CommandOptions;

namespace Dpse.Core.Channels;

/// <summary>The channel and member settings commands: <c>digest subscribe|unsubscribe|preview|settings</c> and <c>reminders on|off</c>.</summary>
public sealed class ChannelCommands(IChannelSettingsStore channels, IMemberSettingsStore members, DigestComposer digests, TimeProvider time, IOptions<ExchangeOptions> options, IScheduleSignal schedule)
{
    /// <summary>One handler per settings command.</summary>
    public IEnumerable<ICommandHandler> Handlers() =>
    [
        new CommandHandler(CommandCatalogue.DigestSubscribe, SubscribeAsync),
        new CommandHandler(CommandCatalogue.DigestUnsubscribe, UnsubscribeAsync),
        new CommandHandler(CommandCatalogue.DigestPreview, (i, ct) => digests.PreviewAsync(i.Place, ct)),
        new CommandHandler(CommandCatalogue.DigestSettings, SettingsAsync),
        new CommandHandler(CommandCatalogue.RemindersOn, (i, ct) => RemindersAsync(i, on: true, ct)),
        new CommandHandler(CommandCatalogue.RemindersOff, (i, ct) => RemindersAsync(i, on: false, ct)),
    ];

    private async Task<Reply> SubscribeAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var defaults = options.Value;
        var outcomes = new List<StoryOutcome>();
        foreach (var word in invocation.Get(O.Outcomes) ?? [])
        {
            if (ChoiceNames.Parse<StoryOutcome>(word) is not { } outcome)
            {
                return Reply.Error($"outcomes '{StoryCards.Shorten(word, 40)}' is not one of {string.Join(", ", ChoiceNames.All<StoryOutcome>())}. Usage: {invocation.Spec.Usage}");
            }

            outcomes.Add(outcome);
        }

        var now = time.UtcNowMs();
        var subscription = new DigestSubscription
        {
            Day = invocation.Get(O.Day) ?? defaults.DigestDay,
            Time = (invocation.Get(O.Time) ?? defaults.ParsedDigestTime).ToTimeOnly(),
            TimeZone = invocation.Get(O.Tz)?.Id ?? defaults.DefaultTimeZone,
            Tags = invocation.Get(O.Tags) ?? [],
            Sectors = invocation.Get(O.Sectors) ?? [],
            Outcomes = outcomes,
            Since = now, // the store keeps an existing subscription's start
        };
        await channels.SetDigestAsync(invocation.Place, subscription, now, invocation.Audit(now, "digest.subscribe", invocation.Place.Key, Describe(subscription)), cancellationToken);
        schedule.Changed();
        return Reply.Public(Message.Line($"This channel will get the weekly digest {Describe(subscription)}. See it now with /dpse digest preview.", Tone.Success));
    }

    private async Task<Reply> UnsubscribeAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var now = time.UtcNowMs();
        var result = await channels.SetDigestAsync(invocation.Place, null, now, invocation.Audit(now, "digest.unsubscribe", invocation.Place.Key), cancellationToken);
        if (!result.IsDone)
        {
            return Reply.Error("This channel has no weekly digest. Start one with /dpse digest subscribe.");
        }

        schedule.Changed();
        return Reply.Public(Message.Line("This channel will no longer get the weekly digest.", Tone.Success));
    }

    private async Task<Reply> SettingsAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var settings = await channels.GetAsync(invocation.Place, cancellationToken);
        var member = await members.GetAsync(invocation.Actor.Ref, cancellationToken);
        var fields = new List<MessageField>
        {
            new("Weekly digest", settings?.Digest is { } digest
                ? $"{Describe(digest)}; {(DigestSchedule.NextAfter(digest, time.GetUtcNow()) is { } next ? "next " + EventTime.Describe(next, digest.TimeZone) : DigestSchedule.UnknownZone(digest))}"
                : "off (moderators: /dpse digest subscribe)", Inline: false),
            new("Event reminders here", settings?.RemindersOn == true ? "on" : "off"),
            new("Reminder DMs to you", member?.ReminderDirectMessages == true ? "on" : "off"),
            new("Default reminders", string.Join(", ", options.Value.ParsedReminderOffsets.Select(EventTime.FormatDuration)) + " before the start"),
        };
        if (settings?.DeliveryProblem is { } problem)
        {
            var when = settings.DeliveryProblemAt?.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "recently";
            fields.Add(new MessageField("Delivery problem", $"{problem} ({when}). Check the bot can still post here, then subscribe again.", Inline: false));
        }

        return Reply.Private(new Message([new HeaderBlock("Settings for this channel"), new FieldsBlock(fields)],
            settings?.DeliveryProblem is null ? Tone.Info : Tone.Warning)
        { FallbackText = "Settings for this channel" });
    }

    private async Task<Reply> RemindersAsync(CommandInvocation invocation, bool on, CancellationToken cancellationToken)
    {
        var now = time.UtcNowMs();
        var word = on ? "on" : "off";
        if (invocation.Get(O.ReminderWhere) == ReminderTarget.Dm)
        {
            var result = await members.SetReminderDirectMessagesAsync(invocation.Actor.Ref, on, now, invocation.Audit(now, $"reminders.dm.{word}", "dm"), cancellationToken);
            if (result.Status == WriteStatus.Erased)
            {
                return Reply.Error(StoryCommands.ErasedNotice);
            }

            return Reply.Private(Message.Line(on
                ? "You will get a direct message before events you answered going or interested."
                : "You will no longer get reminder direct messages.", Tone.Success));
        }

        if (!invocation.Actor.IsModerator)
        {
            return Reply.Error($"Only moderators can turn channel reminders {word}. For yourself, use /dpse reminders {word} dm.");
        }

        await channels.SetRemindersAsync(invocation.Place, on, now, invocation.Audit(now, $"reminders.channel.{word}", invocation.Place.Key), cancellationToken);
        schedule.Changed();
        return Reply.Public(Message.Line(on
            ? $"This channel will get a reminder {string.Join(" and ", options.Value.ParsedReminderOffsets.Select(EventTime.FormatDuration))} before every event."
            : "This channel will no longer get event reminders.", Tone.Success));
    }

    /// <summary>"every Monday at 09:00 Europe/London (only failure; tags solr)".</summary>
    public static string Describe(DigestSubscription digest)
    {
        var filters = new List<string>();
        if (digest.Outcomes.Count > 0)
        {
            filters.Add("only " + string.Join(", ", digest.Outcomes.Select(o => StoryCards.OutcomeLabel(o).ToLowerInvariant())));
        }

        if (digest.Tags.Count > 0)
        {
            filters.Add("tags " + string.Join(", ", digest.Tags));
        }

        if (digest.Sectors.Count > 0)
        {
            filters.Add("sectors " + string.Join(", ", digest.Sectors));
        }

        var text = $"every {digest.Day} at {digest.Time.ToString("HH:mm", CultureInfo.InvariantCulture)} {digest.TimeZone}";
        return filters.Count == 0 ? text : $"{text} ({string.Join("; ", filters)})";
    }
}

using System.Security.Cryptography;
using Dpse.Core.Audit;
using Dpse.Core.Commands;
using Dpse.Core.Deliveries;
using Dpse.Core.Events;
using Dpse.Core.Exporting;
using Dpse.Core.Identity;
using Dpse.Core.Members;
using Dpse.Core.Messages;
using Dpse.Core.Stories;
using Dpse.Core.Time;

namespace Dpse.Core.Privacy;

/// <summary>
/// The <c>me</c> commands: a person can see everything the exchange holds about them and have it erased.
/// Erasure keeps the stories (their lessons belong to the community) but removes every trace of who wrote them,
/// and removes the person's celebrations, RSVPs, settings and name from the audit log.
/// </summary>
public sealed class PrivacyCommands(IStoryStore stories, IEventStore events, IMemberSettingsStore members, IAuditLog audit, IDeliveryStore deliveries, TimeProvider time)
{
    /// <summary>The name shown where an erased person's name was.</summary>
    public const string FormerMember = PersonErasure.FormerMember;

    /// <summary>One handler per privacy command.</summary>
    public IEnumerable<ICommandHandler> Handlers() =>
    [
        new CommandHandler(CommandCatalogue.MeExport, ExportAsync),
        new CommandHandler(CommandCatalogue.MeForget, ForgetAsync),
    ];

    /// <summary>
    /// A fresh stand-in identity for one erasure: random, so nobody can work out from a user id which pseudonym was
    /// theirs (a hash of the id could be recomputed by anyone). One erasure uses it for every entry and record it changes.
    /// </summary>
    public static ActorRef NewPseudonym() => new("erased", "", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));

    /// <summary>
    /// Everything about the person and only that: what they wrote, their own celebrations, answers, settings and audit
    /// entries. What others did to their content appears as counts ("celebrated by 12 people", "3 going"), never as
    /// who did it or what they answered.
    /// </summary>
    private async Task<Reply> ExportAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var me = invocation.Actor.Ref;
        var myStories = await stories.ListInvolvingAsync(me, cancellationToken);
        var myEvents = await events.ListInvolvingAsync(me, cancellationToken);
        var export = new
        {
            person = me,
            displayName = invocation.Actor.DisplayName,
            exportedAt = time.UtcNowMs(),
            storiesAuthored = myStories.Where(s => s.Author == me).Select(MyStory.From).ToList(),
            storiesCelebrated = myStories.Where(s => s.Celebrations.Any(c => c.Person == me))
                .Select(s => new { story = s.Id, s.Title, at = s.Celebrations.First(c => c.Person == me).At }).ToList(),
            eventsOrganised = myEvents.Where(e => e.Organiser == me).Select(MyEvent.From).ToList(),
            rsvps = myEvents.SelectMany(e => e.Rsvps.Where(r => r.Person == me).Select(r => new { @event = e.Id, e.Title, r.Status, r.At })).ToList(),
            settings = await members.GetAsync(me, cancellationToken),
            auditEntries = await audit.ListByActorAsync(me, cancellationToken),
        };
        var name = ExportNames.Make("dpse-me", time.UtcNowMs());
        return new Reply(Message.Line($"Everything the exchange holds about you: {name}."), Visibility.OnlyInvoker)
        {
            Attachment = new Attachment(name, (stream, ct) => ExchangeJson.WriteAsync(stream, export, ct)),
        };
    }

    private async Task<Reply> ForgetAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var me = invocation.Actor.Ref;
        var myStories = await stories.ListInvolvingAsync(me, cancellationToken);
        var myEvents = await events.ListInvolvingAsync(me, cancellationToken);
        var authored = myStories.Count(s => s.Author == me);
        var celebrated = myStories.Count(s => s.Celebrations.Any(c => c.Person == me));
        var organised = myEvents.Count(e => e.Organiser == me);
        var answered = myEvents.Count(e => e.Rsvps.Any(r => r.Person == me));
        var summary = $"{Plural.Count(authored, "story", "stories")} you shared and {Plural.Count(organised, "event")} you organise will show \"{FormerMember}\" instead of you; " +
                      $"your {Plural.Count(celebrated, "celebration")}, {Plural.Count(answered, "RSVP")}, your settings and the record of reminders sent to you will be removed, and your name taken out of the audit log.";
        if (invocation.Get(CommandOptions.Confirm) != Confirmation.Yes)
        {
            return Reply.Private(Message.Simple("Erase what the exchange holds about you?", $"{summary} This cannot be undone. To go ahead: /dpse me forget confirm:yes", Tone.Warning));
        }

        // Each store erases its part in one transaction and from then on refuses the person's writes begun before
        // this instant, so a celebration or RSVP racing this command cannot land after it.
        var erasure = new PersonErasure(me, NewPseudonym(), time.UtcNowMs());
        var fromStories = await stories.ForgetPersonAsync(erasure, cancellationToken);
        var fromEvents = await events.ForgetPersonAsync(erasure, cancellationToken);
        await members.ForgetPersonAsync(erasure, cancellationToken);
        var redacted = await audit.RedactActorAsync(me, erasure.Pseudonym, cancellationToken);
        await deliveries.DeleteDirectMessagesToAsync(me, cancellationToken);
        return Reply.Private(Message.Line(
            $"Done. {Plural.Count(fromStories.Anonymised, "story", "stories")} and {Plural.Count(fromEvents.Anonymised, "event")} no longer name you; {Plural.Count(fromStories.Removed, "celebration")} and {Plural.Count(fromEvents.Removed, "RSVP")} removed; {Plural.Count(redacted, "audit entry", "audit entries")} anonymised.",
            Tone.Success));
    }
}

using System.Security.Cryptography;
using System.Text;
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
    public const string FormerMember = "a former member";

    /// <summary>One handler per privacy command.</summary>
    public IEnumerable<ICommandHandler> Handlers() =>
    [
        new CommandHandler(CommandCatalogue.MeExport, ExportAsync),
        new CommandHandler(CommandCatalogue.MeForget, ForgetAsync),
    ];

    /// <summary>The stand-in identity for an erased person: stable, so repeated erasure is idempotent, and not reversible.</summary>
    public static ActorRef ErasedActor(ActorRef person) =>
        new("erased", "", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(person.Key)))[..16]);

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
        var summary = $"{authored} stories you shared and {organised} events you organise will show \"{FormerMember}\" instead of you; " +
                      $"your {celebrated} celebrations, {answered} RSVPs, your settings and the record of reminders sent to you will be removed, and your name taken out of the audit log.";
        if (invocation.Text("confirm") != "yes")
        {
            return Reply.Private(Message.Simple("Erase what the exchange holds about you?", $"{summary} This cannot be undone. To go ahead: /dpse me forget confirm:yes", Tone.Warning));
        }

        var erased = ErasedActor(me);
        var now = time.UtcNowMs();
        AuditEntry Entry(string target) => new(now, erased, FormerMember, "me.forget", target);

        foreach (var story in myStories)
        {
            var updated = story with
            {
                Author = story.Author == me ? erased : story.Author,
                AuthorName = story.Author == me ? FormerMember : story.AuthorName,
                Celebrations = [.. story.Celebrations.Where(c => c.Person != me)],
                UpdatedAt = now,
            };
            await stories.UpdateAsync(updated, Entry(story.Id), cancellationToken);
        }

        foreach (var ev in myEvents)
        {
            var updated = ev with
            {
                Organiser = ev.Organiser == me ? erased : ev.Organiser,
                OrganiserName = ev.Organiser == me ? FormerMember : ev.OrganiserName,
                Rsvps = [.. ev.Rsvps.Where(r => r.Person != me)],
                UpdatedAt = now,
            };
            await events.UpdateAsync(updated, Entry(ev.Id), cancellationToken);
        }

        await members.DeleteAsync(me, Entry("member"), cancellationToken);
        var redacted = await audit.RedactActorAsync(me, erased, cancellationToken);
        await deliveries.DeleteDirectMessagesToAsync(me, cancellationToken);
        return Reply.Private(Message.Line(
            $"Done. {authored} stories and {organised} events no longer name you; {celebrated} celebrations and {answered} RSVPs removed; {redacted} audit entries anonymised.",
            Tone.Success));
    }
}

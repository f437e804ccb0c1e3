using System.Globalization;
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
            storiesAuthored = myStories.Where(s => s.Author == me).ToList(),
            storiesCelebrated = myStories.Where(s => s.Celebrations.Any(c => c.Person == me))
                .Select(s => new { story = s.Id, s.Title, at = s.Celebrations.First(c => c.Person == me).At }).ToList(),
            eventsOrganised = myEvents.Where(e => e.Organiser == me).ToList(),
            rsvps = myEvents.SelectMany(e => e.Rsvps.Where(r => r.Person == me).Select(r => new { @event = e.Id, e.Title, r.Status, r.At })).ToList(),
            settings = await members.GetAsync(me, cancellationToken),
            auditEntries = await audit.ListByActorAsync(me, cancellationToken),
        };
        var name = $"dpse-me-{time.GetUtcNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.json";
        return new Reply(Message.Line($"Everything the exchange holds about you: {name}."), Visibility.OnlyInvoker)
        {
            Attachment = new Attachment(name, ExchangeJson.Serialize(export)),
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

        // Each store erases its part in one transaction and from then on refuses the person's writes begun before
        // this instant, so a celebration or RSVP racing this command cannot land after it.
        var erasure = new PersonErasure(me, NewPseudonym(), time.UtcNowMs());
        var fromStories = await stories.ForgetPersonAsync(erasure, cancellationToken);
        var fromEvents = await events.ForgetPersonAsync(erasure, cancellationToken);
        await members.ForgetPersonAsync(erasure, cancellationToken);
        var redacted = await audit.RedactActorAsync(me, erasure.Pseudonym, cancellationToken);
        await deliveries.DeleteDirectMessagesToAsync(me, cancellationToken);
        return Reply.Private(Message.Line(
            $"Done. {fromStories.Anonymised} stories and {fromEvents.Anonymised} events no longer name you; {fromStories.Removed} celebrations and {fromEvents.Removed} RSVPs removed; {redacted} audit entries anonymised.",
            Tone.Success));
    }
}

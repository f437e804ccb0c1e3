using Dpse.Core.Identity;

namespace Dpse.Core.Events;

/// <summary>One person's current answer to an event (a later answer replaces an earlier one).</summary>
public sealed record Rsvp(ActorRef Person, string DisplayName, RsvpStatus Status, DateTimeOffset At);

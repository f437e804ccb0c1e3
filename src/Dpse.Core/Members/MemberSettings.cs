using Dpse.Core.Identity;

namespace Dpse.Core.Members;

/// <summary>One member's own choices, e.g. whether event reminders come to them as direct messages.</summary>
public sealed record MemberSettings(ActorRef Person, bool ReminderDirectMessages, DateTimeOffset UpdatedAt);

namespace Dpse.Core.Identity;

/// <summary>
/// The person invoking a command, as the adapter saw them: who they are, the name to show,
/// and whether the platform's configuration makes them a moderator (Discord role, Slack user id, shell setting).
/// </summary>
public sealed record Actor(ActorRef Ref, string DisplayName, bool IsModerator);

using Dpse.Core.Identity;

namespace Dpse.Core.Commands;

/// <summary>
/// The item a <see cref="Permission.AuthorOrModerator"/> command acts on, as its handler's owner lookup finds it: the id
/// shown to people, who owns it, and what that person is called ("author", "organiser"). The router compares the owner
/// with the actor, so the rule lives in one place.
/// </summary>
public sealed record OwnedItem(string Id, ActorRef Owner, string OwnerRole);

using Dpse.Core.Audit;
using Dpse.Core.Identity;

namespace Dpse.Core.Privacy;

/// <summary>
/// One <c>me forget</c>: who is erased, the random pseudonym that replaces them in the audit log and as author or
/// organiser (the same for every entry of this erasure, and not derived from their identity), and when.
/// A store that receives it also refuses, from then on, any write by <see cref="Person"/> that carries an instant at or
/// before <see cref="At"/> (<see cref="Writes.WriteStatus.Erased"/>): such a write was begun before the erasure and would
/// otherwise land after it.
/// </summary>
public sealed record PersonErasure(ActorRef Person, ActorRef Pseudonym, DateTimeOffset At)
{
    /// <summary>The name shown where an erased person's name was.</summary>
    public const string FormerMember = "a former member";

    /// <summary>The audit entry for one record this erasure changed.</summary>
    public AuditEntry Entry(string target) => new(At, Pseudonym, FormerMember, "me.forget", target);
}

using Dpse.Core.Identity;

namespace Dpse.Core.Audit;

/// <summary>
/// One change a person made: who, what, when, on which target (S-/E- id or channel key). Detail is a short,
/// non-personal note (e.g. "outcome, title"). Ids are assigned by the store.
/// </summary>
public sealed record AuditEntry(DateTimeOffset At, ActorRef Actor, string ActorName, string Action, string Target, string? Detail = null)
{
    /// <summary>Store-assigned, increasing.</summary>
    public long Id { get; init; }
}

using Dpse.Core.Identity;

namespace Dpse.Core.Audit;

/// <summary>The audit trail. Entries written with store changes arrive here too; this port reads them and erases people.</summary>
public interface IAuditLog
{
    /// <summary>Appends an entry for a change that has no other write (e.g. an export).</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Newest first, optionally only for one target, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(string? target, int limit, CancellationToken cancellationToken);

    /// <summary>Entries made by one person, newest first (me export).</summary>
    Task<IReadOnlyList<AuditEntry>> ListByActorAsync(ActorRef actor, CancellationToken cancellationToken);

    /// <summary>Replaces the person's identity and name in their entries with <paramref name="replacement"/> (me forget); returns how many.</summary>
    Task<int> RedactActorAsync(ActorRef actor, ActorRef replacement, CancellationToken cancellationToken);
}

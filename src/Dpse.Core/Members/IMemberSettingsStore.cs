using Dpse.Core.Audit;
using Dpse.Core.Identity;

namespace Dpse.Core.Members;

/// <summary>Per-member settings.</summary>
public interface IMemberSettingsStore
{
    /// <summary>The member's settings, or null if never set.</summary>
    Task<MemberSettings?> GetAsync(ActorRef person, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the member's settings.</summary>
    Task SaveAsync(MemberSettings settings, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Removes everything held about the member (me forget).</summary>
    Task DeleteAsync(ActorRef person, AuditEntry audit, CancellationToken cancellationToken);
}

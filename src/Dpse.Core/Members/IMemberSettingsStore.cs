using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Core.Privacy;
using Dpse.Core.Writes;

namespace Dpse.Core.Members;

/// <summary>Per-member settings, each changed by its own atomic write. Implementations must pass <c>MemberSettingsStoreContract</c> in Dpse.Testing.</summary>
public interface IMemberSettingsStore
{
    /// <summary>The member's settings, or null if never set.</summary>
    Task<MemberSettings?> GetAsync(ActorRef person, CancellationToken cancellationToken);

    /// <summary>Every member's settings, ordered by person key: what <c>export</c> carries so a move keeps them.</summary>
    Task<IReadOnlyList<MemberSettings>> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Turns reminder direct messages on or off for <paramref name="person"/>, creating their settings if needed.
    /// Done, Unchanged if already so, or Erased if the person was erased at or after <paramref name="at"/>.
    /// </summary>
    Task<WriteResult<MemberSettings>> SetReminderDirectMessagesAsync(ActorRef person, bool on, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: removes the person's settings (writing <c>erasure.Entry("member")</c> only if there were
    /// any) and remembers the erasure so a settings write begun before it is refused afterwards.
    /// </summary>
    Task<ErasedCounts> ForgetPersonAsync(PersonErasure erasure, CancellationToken cancellationToken);
}

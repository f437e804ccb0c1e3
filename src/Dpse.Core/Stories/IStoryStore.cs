using Dpse.Core.Audit;
using Dpse.Core.Identity;

namespace Dpse.Core.Stories;

/// <summary>
/// Where stories live. Every write that a person caused carries its <see cref="AuditEntry"/>, which the store
/// records atomically with the change. Implementations must pass <c>StoryStoreContract</c> in Dpse.Testing.
/// </summary>
public interface IStoryStore
{
    /// <summary>Adds a new story, assigning the next number (the draft's number is ignored), and returns it. The audit entry's target is set to the new id.</summary>
    Task<Story> AddAsync(Story draft, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>The story with this number in any status, or null.</summary>
    Task<Story?> GetAsync(int number, CancellationToken cancellationToken);

    /// <summary>Replaces an existing story (same number).</summary>
    Task UpdateAsync(Story story, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Adds one celebration; returns false, changing nothing, if this person already celebrated it.</summary>
    Task<bool> CelebrateAsync(int number, Celebration celebration, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Ranked search or newest-first list, see <see cref="Search.StorySearchIndex"/>.</summary>
    Task<StoryPage> SearchAsync(StoryQuery query, CancellationToken cancellationToken);

    /// <summary>Stories in any status created in [from, to), oldest first (digests, exports by period).</summary>
    Task<IReadOnlyList<Story>> ListCreatedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Published stories celebrated at least once in [from, to) (digest "most celebrated").</summary>
    Task<IReadOnlyList<Story>> ListCelebratedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Every story the person authored or celebrated, any status (me export / me forget).</summary>
    Task<IReadOnlyList<Story>> ListInvolvingAsync(ActorRef person, CancellationToken cancellationToken);

    /// <summary>Every story, any status, in number order (export).</summary>
    Task<IReadOnlyList<Story>> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces stories keeping their numbers (import); later adds continue after the highest number.</summary>
    Task ImportAsync(IReadOnlyList<Story> stories, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Number of stories in any status.</summary>
    Task<int> CountAsync(CancellationToken cancellationToken);
}

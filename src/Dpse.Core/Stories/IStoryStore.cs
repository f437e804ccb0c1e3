using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Core.Privacy;
using Dpse.Core.Writes;

namespace Dpse.Core.Stories;

/// <summary>
/// Where stories live. Every write that a person caused carries its <see cref="AuditEntry"/>, which the store
/// records atomically with the change, and only when the change happened (<see cref="WriteStatus.Done"/>).
/// There is no whole-record replace: each write is either a narrow atomic operation (celebrate, set status, forget a
/// person) or a compare-and-swap on <see cref="Story.Version"/> that writes only the story's content, so a write never
/// puts back celebrations, a status or an author it read earlier.
/// <para>
/// <see cref="Story.Version"/> counts changes to content, status and author; a celebration does not change it, so an
/// edit never conflicts with a celebration. (In SQL, celebrations are naturally their own table.)
/// Implementations must pass <c>StoryStoreContract</c> and <c>StoryConcurrencyContract</c> in Dpse.Testing.
/// </para>
/// </summary>
public interface IStoryStore
{
    /// <summary>Adds a new story, assigning the next number (the draft's number is ignored), and returns it. The audit entry's target is set to the new id.</summary>
    Task<Story> AddAsync(Story draft, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>The story with this number in any status, or null.</summary>
    Task<Story?> GetAsync(int number, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-swap of the content a person edits. Writes exactly these fields of <paramref name="edited"/>: outcome,
    /// title, summary, context, what happened, lessons, organisation, organisation description, attribution, sector,
    /// Drupal version, modules, tags, links and updated-at; and increments the version. Never writes celebrations,
    /// status, author, origin, created-at or the sample flag. Succeeds only if the stored version equals
    /// <paramref name="edited"/>.Version (SQL: <c>UPDATE … SET … , version = version + 1 WHERE number = @n AND version = @v</c>).
    /// Returns Done with the story as stored, Conflict (with the current story) or NotFound.
    /// </summary>
    Task<WriteResult<Story>> UpdateContentAsync(Story edited, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the status (hide, restore, delete) if it differs, with updated-at = <paramref name="at"/>, incrementing the
    /// version. Returns Done or Unchanged with the story as stored, or NotFound.
    /// </summary>
    Task<WriteResult<Story>> SetStatusAsync(int number, ContentStatus status, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>
    /// Adds one celebration (version and updated-at unchanged). Returns Done with the story as stored, Unchanged if this
    /// person already celebrated it, NotFound, or Erased if the person was erased at or after <paramref name="celebration"/>.At.
    /// </summary>
    Task<WriteResult<Story>> CelebrateAsync(int number, Celebration celebration, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: removes every celebration by the person; makes every story they authored show
    /// <see cref="PersonErasure.Pseudonym"/> and <see cref="PersonErasure.FormerMember"/> (incrementing its version);
    /// writes <see cref="PersonErasure.Entry"/> for each story changed; and remembers the erasure (see
    /// <see cref="ErasureFingerprint"/>) so a celebration begun before it is refused afterwards.
    /// </summary>
    Task<ErasedCounts> ForgetPersonAsync(PersonErasure erasure, CancellationToken cancellationToken);

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

    /// <summary>Inserts or replaces stories keeping their numbers (import); later adds continue after the highest number. A replaced story's version moves past the stored one.</summary>
    Task ImportAsync(IReadOnlyList<Story> stories, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Number of stories in any status.</summary>
    Task<int> CountAsync(CancellationToken cancellationToken);
}

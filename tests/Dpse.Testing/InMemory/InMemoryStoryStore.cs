using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Core.Privacy;
using Dpse.Core.Search;
using Dpse.Core.Stories;
using Dpse.Core.Writes;

namespace Dpse.Testing.InMemory;

/// <summary>
/// Stories in a dictionary, ranked by Core's <see cref="StorySearchIndex"/> exactly as the real stores rank them.
/// Thread-safe: one lock around each operation; a write and its audit entry happen under it together.
/// </summary>
public sealed class InMemoryStoryStore(InMemoryAuditLog auditLog) : IStoryStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<int, Story> _stories = [];
    private readonly StorySearchIndex _index = new();

    // Erased people by key, with the instant of their latest erasure (a fake may keep the key; real stores keep a fingerprint).
    private readonly Dictionary<string, DateTimeOffset> _erasures = new(StringComparer.Ordinal);
    private int _lastNumber;

    /// <summary>A store with its own audit log.</summary>
    public InMemoryStoryStore()
        : this(new InMemoryAuditLog())
    {
    }

    /// <summary>The audit log this store writes to.</summary>
    public InMemoryAuditLog Audit { get; } = auditLog;

    /// <summary>When true every call yields before it touches the data, as a real store does while it waits for I/O, so racing callers interleave.</summary>
    public bool YieldEveryCall { get; set; }

    /// <inheritdoc />
    public async Task<Story> AddAsync(Story draft, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(audit);
        await PauseAsync(cancellationToken);
        lock (_gate)
        {
            var story = Copy(draft) with { Number = _lastNumber + 1, Version = 1 };
            _index.Add(story);
            _stories[story.Number] = story;
            _lastNumber = story.Number;
            Audit.Record(audit with { Target = story.Id });
            return story;
        }
    }

    /// <inheritdoc />
    public async Task<Story?> GetAsync(int number, CancellationToken cancellationToken)
    {
        await PauseAsync(cancellationToken);
        lock (_gate)
        {
            return _stories.GetValueOrDefault(number);
        }
    }

    /// <inheritdoc />
    public async Task<WriteResult<Story>> UpdateContentAsync(Story edited, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edited);
        ArgumentNullException.ThrowIfNull(audit);
        await PauseAsync(cancellationToken);
        lock (_gate)
        {
            if (!_stories.TryGetValue(edited.Number, out var old))
            {
                return WriteResult<Story>.NotFound();
            }

            if (old.Version != edited.Version)
            {
                return WriteResult<Story>.Conflict(old);
            }

            var content = Copy(edited);
            return Replace(old, old.WithEditedContent(content), audit);
        }
    }

    /// <inheritdoc />
    public async Task<WriteResult<Story>> SetStatusAsync(int number, ContentStatus status, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        await PauseAsync(cancellationToken);
        lock (_gate)
        {
            if (!_stories.TryGetValue(number, out var old))
            {
                return WriteResult<Story>.NotFound();
            }

            return old.Status == status
                ? WriteResult<Story>.Unchanged(old)
                : Replace(old, old with { Status = status, UpdatedAt = at, Version = old.Version + 1 }, audit);
        }
    }

    /// <inheritdoc />
    public async Task<WriteResult<Story>> CelebrateAsync(int number, Celebration celebration, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(celebration);
        ArgumentNullException.ThrowIfNull(audit);
        await PauseAsync(cancellationToken);
        lock (_gate)
        {
            if (!_stories.TryGetValue(number, out var story))
            {
                return WriteResult<Story>.NotFound();
            }

            if (_erasures.TryGetValue(celebration.Person.Key, out var erasedAt) && erasedAt >= celebration.At)
            {
                return WriteResult<Story>.Erased(story);
            }

            return story.Celebrations.Any(c => c.Person == celebration.Person)
                ? WriteResult<Story>.Unchanged(story)
                : Replace(story, story with { Celebrations = [.. story.Celebrations, celebration] }, audit);
        }
    }

    /// <inheritdoc />
    public async Task<ErasedCounts> ForgetPersonAsync(PersonErasure erasure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        await PauseAsync(cancellationToken);
        lock (_gate)
        {
            var (anonymised, removed) = (0, 0);
            foreach (var story in _stories.Values.ToList())
            {
                var authored = story.Author == erasure.Person;
                var celebrated = story.Celebrations.Any(c => c.Person == erasure.Person);
                if (!authored && !celebrated)
                {
                    continue;
                }

                anonymised += authored ? 1 : 0;
                removed += celebrated ? 1 : 0;
                Replace(story, story with
                {
                    Author = authored ? erasure.Pseudonym : story.Author,
                    AuthorName = authored ? PersonErasure.FormerMember : story.AuthorName,
                    Celebrations = [.. story.Celebrations.Where(c => c.Person != erasure.Person)],
                    Version = authored ? story.Version + 1 : story.Version,
                }, erasure.Entry(story.Id));
            }

            _erasures[erasure.Person.Key] = _erasures.TryGetValue(erasure.Person.Key, out var earlier) && earlier > erasure.At ? earlier : erasure.At;
            return new ErasedCounts(anonymised, removed);
        }
    }

    /// <inheritdoc />
    public Task<StoryPage> SearchAsync(StoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var (numbers, total) = _index.Search(query);
            var page = new StoryPage([.. numbers.Select(n => _stories[n])], total, Math.Max(1, query.Page), Math.Clamp(query.PageSize, 1, 100));
            return Task.FromResult(page);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Story>> ListCreatedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        List(s => s.CreatedAt >= from && s.CreatedAt < to, byCreated: true, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Story>> ListCelebratedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        List(s => s.Status == ContentStatus.Published && s.Celebrations.Any(c => c.At >= from && c.At < to), byCreated: false, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Story>> ListInvolvingAsync(ActorRef person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        return List(s => s.Author == person || s.Celebrations.Any(c => c.Person == person), byCreated: false, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Story>> ListAllAsync(CancellationToken cancellationToken) => List(_ => true, byCreated: false, cancellationToken);

    /// <inheritdoc />
    public Task ImportAsync(IReadOnlyList<Story> stories, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stories);
        ArgumentNullException.ThrowIfNull(audit);
        cancellationToken.ThrowIfCancellationRequested();
        if (stories.Any(s => s.Number <= 0))
        {
            throw new ArgumentException("Imported stories must carry their numbers.", nameof(stories));
        }

        lock (_gate)
        {
            foreach (var imported in stories)
            {
                var story = Copy(imported) with { Version = Math.Max(imported.Version, (_stories.GetValueOrDefault(imported.Number)?.Version ?? 0) + 1) };
                if (_stories.TryGetValue(story.Number, out var old))
                {
                    _index.Replace(old, story);
                }
                else
                {
                    _index.Add(story);
                }

                _stories[story.Number] = story;
                _lastNumber = Math.Max(_lastNumber, story.Number);
            }

            Audit.Record(audit);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<int> CountAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_stories.Count);
        }
    }

    private Task<IReadOnlyList<Story>> List(Func<Story, bool> predicate, bool byCreated, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var matches = _stories.Values.Where(predicate);
            if (byCreated)
            {
                matches = matches.OrderBy(s => s.CreatedAt).ThenBy(s => s.Number);
            }

            IReadOnlyList<Story> result = [.. matches];
            return Task.FromResult(result);
        }
    }

    private WriteResult<Story> Replace(Story old, Story updated, AuditEntry audit)
    {
        _index.Replace(old, updated);
        _stories[updated.Number] = updated;
        Audit.Record(audit);
        return WriteResult<Story>.Done(updated);
    }

    private async Task PauseAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (YieldEveryCall)
        {
            await Task.Yield();
        }
    }

    // Callers may hand in mutable lists; the store keeps its own copies so later changes cannot leak in.
    private static Story Copy(Story story) => story with
    {
        Modules = [.. story.Modules],
        Tags = [.. story.Tags],
        Links = [.. story.Links],
        Celebrations = [.. story.Celebrations],
    };
}

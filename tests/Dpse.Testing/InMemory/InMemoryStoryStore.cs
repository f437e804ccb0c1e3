using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Core.Search;
using Dpse.Core.Stories;

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
    private int _lastNumber;

    /// <summary>A store with its own audit log.</summary>
    public InMemoryStoryStore()
        : this(new InMemoryAuditLog())
    {
    }

    /// <summary>The audit log this store writes to.</summary>
    public InMemoryAuditLog Audit { get; } = auditLog;

    /// <inheritdoc />
    public Task<Story> AddAsync(Story draft, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(audit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var story = Copy(draft) with { Number = _lastNumber + 1 };
            _index.Add(story);
            _stories[story.Number] = story;
            _lastNumber = story.Number;
            Audit.Record(audit with { Target = story.Id });
            return Task.FromResult(story);
        }
    }

    /// <inheritdoc />
    public Task<Story?> GetAsync(int number, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_stories.GetValueOrDefault(number));
        }
    }

    /// <inheritdoc />
    public Task UpdateAsync(Story story, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(story);
        ArgumentNullException.ThrowIfNull(audit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_stories.TryGetValue(story.Number, out var old))
            {
                throw new InvalidOperationException($"{story.Id} does not exist.");
            }

            var updated = Copy(story);
            _index.Replace(old, updated);
            _stories[story.Number] = updated;
            Audit.Record(audit);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<bool> CelebrateAsync(int number, Celebration celebration, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(celebration);
        ArgumentNullException.ThrowIfNull(audit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_stories.TryGetValue(number, out var story) || story.Celebrations.Any(c => c.Person == celebration.Person))
            {
                return Task.FromResult(false);
            }

            var updated = story with { Celebrations = [.. story.Celebrations, celebration] };
            _index.Replace(story, updated);
            _stories[number] = updated;
            Audit.Record(audit);
            return Task.FromResult(true);
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
                var story = Copy(imported);
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

    // Callers may hand in mutable lists; the store keeps its own copies so later changes cannot leak in.
    private static Story Copy(Story story) => story with
    {
        Modules = [.. story.Modules],
        Tags = [.. story.Tags],
        Links = [.. story.Links],
        Celebrations = [.. story.Celebrations],
    };
}

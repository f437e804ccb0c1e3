using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Core.Search;
using Dpse.Core.Stories;
using Dpse.Storage.LiteDb.Mapping;
using LiteDB;

namespace Dpse.Storage.LiteDb.Stories;

/// <summary>
/// Stories in collection <c>stories</c>. Ranking is Core's <see cref="StorySearchIndex"/>, built from the stored stories
/// when the database is first used and updated after each commit inside the write gate, so it always matches the file.
/// </summary>
public sealed class LiteDbStoryStore : IStoryStore
{
    private readonly LiteDbDatabase _database;
    private readonly StorySearchIndex _index;

    /// <summary>Stories in <paramref name="database"/>; the first store over a database loads its search index.</summary>
    public LiteDbStoryStore(LiteDbDatabase database)
        : this(database, Schema.ReadChunk)
    {
    }

    /// <summary>As the public constructor, loading the index <paramref name="indexLoadChunk"/> stories per query (tests use small chunks).</summary>
    internal LiteDbStoryStore(LiteDbDatabase database, int indexLoadChunk)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentOutOfRangeException.ThrowIfLessThan(indexLoadChunk, 1);
        _database = database;
        _index = database.GetState(db => LoadIndex(db, indexLoadChunk));
    }

    /// <inheritdoc />
    public Task<Story> AddAsync(Story draft, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(audit);
        return _database.WriteAsync(
            db =>
            {
                var stories = db.GetCollection(Schema.Stories);
                var doc = StoryDocuments.ToDocument(draft with { Number = checked((int)Schema.LastId(stories) + 1) });
                stories.Insert(doc);
                var story = StoryDocuments.FromDocument(doc);
                AuditDocuments.Append(db, audit with { Target = story.Id });
                return story;
            },
            _index.Add,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<Story?> GetAsync(int number, CancellationToken cancellationToken) =>
        _database.ReadAsync(db => Find(db, number), cancellationToken);

    /// <inheritdoc />
    public Task UpdateAsync(Story story, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(story);
        ArgumentNullException.ThrowIfNull(audit);
        return _database.WriteAsync(
            db =>
            {
                var old = Find(db, story.Number) ?? throw new InvalidOperationException($"{story.Id} does not exist.");
                var doc = StoryDocuments.ToDocument(story);
                db.GetCollection(Schema.Stories).Update(doc);
                AuditDocuments.Append(db, audit);
                return (Old: old, New: StoryDocuments.FromDocument(doc));
            },
            change => _index.Replace(change.Old, change.New),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> CelebrateAsync(int number, Celebration celebration, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(celebration);
        ArgumentNullException.ThrowIfNull(audit);
        var change = await _database.WriteAsync(
            db =>
            {
                var old = Find(db, number);
                if (old is null || old.Celebrations.Any(c => c.Person == celebration.Person))
                {
                    return ((Story Old, Story New)?)null;
                }

                var doc = StoryDocuments.ToDocument(old with { Celebrations = [.. old.Celebrations, celebration] });
                db.GetCollection(Schema.Stories).Update(doc);
                AuditDocuments.Append(db, audit);
                return (old, StoryDocuments.FromDocument(doc));
            },
            change =>
            {
                if (change is { } c)
                {
                    _index.Replace(c.Old, c.New);
                }
            },
            cancellationToken);
        return change is not null;
    }

    /// <inheritdoc />
    public Task<StoryPage> SearchAsync(StoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (numbers, total) = _index.Search(query);
        return _database.ReadAsync(
            db =>
            {
                var stories = db.GetCollection(Schema.Stories);
                var found = numbers.Select(n => stories.FindById(n)).Where(d => d is not null).Select(StoryDocuments.FromDocument).ToList();
                return new StoryPage(found, total, Math.Max(1, query.Page), Math.Clamp(query.PageSize, 1, 100));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Story>> ListCreatedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<Story>>(
            db =>
            [
                .. db.GetCollection(Schema.Stories)
                    .Find(Query.And(Query.GTE("createdAt", Bson.Instant(from)), Query.LT("createdAt", Bson.Instant(to))))
                    .Select(StoryDocuments.FromDocument)
                    .OrderBy(s => s.CreatedAt)
                    .ThenBy(s => s.Number),
            ],
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Story>> ListCelebratedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (to <= from)
        {
            return Task.FromResult<IReadOnlyList<Story>>([]);
        }

        // The multikey index finds stories with any celebration in range; instants are whole milliseconds on disk,
        // so [from, to) is [from, to - 1 ms]. The exact rule is re-checked on the mapped stories.
        var last = Bson.Instant(to.AddMilliseconds(-1));
        return _database.ReadAsync<IReadOnlyList<Story>>(
            db =>
            [
                .. db.GetCollection(Schema.Stories)
                    .Find(BsonExpression.Create("$.celebrations[*].at ANY BETWEEN @0 AND @1", Bson.Instant(from), last))
                    .Select(StoryDocuments.FromDocument)
                    .Where(s => s.Status == ContentStatus.Published && s.Celebrations.Any(c => c.At >= from && c.At < to))
                    .DistinctBy(s => s.Number)
                    .OrderBy(s => s.Number),
            ],
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Story>> ListInvolvingAsync(ActorRef person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        return _database.ReadAsync<IReadOnlyList<Story>>(
            db =>
            {
                var stories = db.GetCollection(Schema.Stories);
                var authored = stories.Find(Query.EQ("authorKey", person.Key));
                var celebrated = stories.Find(BsonExpression.Create("$.celebrations[*].personKey ANY = @0", person.Key));
                return [.. authored.Concat(celebrated).Select(StoryDocuments.FromDocument).DistinctBy(s => s.Number).OrderBy(s => s.Number)];
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Story>> ListAllAsync(CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<Story>>(
            db => [.. Schema.ReadInChunks(db.GetCollection(Schema.Stories), Schema.ReadChunk).Select(StoryDocuments.FromDocument)],
            cancellationToken);

    /// <inheritdoc />
    public Task ImportAsync(IReadOnlyList<Story> stories, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stories);
        ArgumentNullException.ThrowIfNull(audit);
        if (stories.Any(s => s.Number <= 0))
        {
            throw new ArgumentException("Imported stories must carry their numbers.", nameof(stories));
        }

        return _database.WriteAsync(
            db =>
            {
                var collection = db.GetCollection(Schema.Stories);
                var changes = new List<(Story? Old, Story New)>(stories.Count);
                foreach (var imported in stories)
                {
                    var old = Find(db, imported.Number);
                    var doc = StoryDocuments.ToDocument(imported);
                    collection.Upsert(doc);
                    changes.Add((old, StoryDocuments.FromDocument(doc)));
                }

                AuditDocuments.Append(db, audit);
                return changes;
            },
            changes =>
            {
                foreach (var (old, updated) in changes)
                {
                    if (old is null)
                    {
                        _index.Add(updated);
                    }
                    else
                    {
                        _index.Replace(old, updated);
                    }
                }
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> CountAsync(CancellationToken cancellationToken)
    {
        // The index holds every story in any status; LiteDB's Count() would scan the collection.
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_index.Count);
    }

    private static Story? Find(LiteDatabase db, int number) =>
        db.GetCollection(Schema.Stories).FindById(number) is { } doc ? StoryDocuments.FromDocument(doc) : null;

    private static StorySearchIndex LoadIndex(LiteDatabase db, int chunk)
    {
        var index = new StorySearchIndex();
        foreach (var doc in Schema.ReadInChunks(db.GetCollection(Schema.Stories), chunk))
        {
            index.Add(StoryDocuments.FromDocument(doc));
        }

        index.TrimExcess();
        return index;
    }
}

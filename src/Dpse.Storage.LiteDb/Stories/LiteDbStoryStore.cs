using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Core.Privacy;
using Dpse.Core.Search;
using Dpse.Core.Stories;
using Dpse.Core.Writes;
using Dpse.Storage.LiteDb.Mapping;
using Dpse.Storage.LiteDb.Privacy;
using LiteDB;

namespace Dpse.Storage.LiteDb.Stories;

/// <summary>
/// Stories in collection <c>stories</c>. Ranking is Core's <see cref="StorySearchIndex"/>, built from the stored stories
/// when the database is first used and updated after each commit inside the write gate, so it always matches the file.
/// </summary>
public sealed class LiteDbStoryStore : IStoryStore
{
    private static readonly NumberedDocuments<Story> Documents = new(Schema.Stories, StoryDocuments.ToDocument, StoryDocuments.FromDocument);

    private readonly LiteDbDatabase _database;
    private readonly StorySearchIndex _index;
    private readonly Erasures _erasures;

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
        _erasures = Erasures.Of(database);
    }

    /// <inheritdoc />
    public Task<Story> AddAsync(Story draft, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(audit);
        return _database.WriteAsync(db => Documents.Add(db, draft, audit), _index.Add, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Story?> GetAsync(int number, CancellationToken cancellationToken) =>
        _database.ReadAsync(db => Find(db, number), cancellationToken);

    /// <inheritdoc />
    public Task<WriteResult<Story>> UpdateContentAsync(Story edited, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edited);
        ArgumentNullException.ThrowIfNull(audit);
        return WriteOneAsync(db => Documents.Edit(db, edited, old => old.WithEditedContent(edited), audit), cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult<Story>> SetStatusAsync(int number, ContentStatus status, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return WriteOneAsync(db => Documents.SetStatus(db, number, status, at, audit), cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult<Story>> CelebrateAsync(int number, Celebration celebration, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(celebration);
        ArgumentNullException.ThrowIfNull(audit);
        return WriteOneAsync(
            db => Find(db, number) switch
            {
                null => Unwritten(WriteResult<Story>.NotFound()),
                { } old when _erasures.Refuses(db, celebration.Person, celebration.At) => Unwritten(WriteResult<Story>.Erased(old)),
                { } old when old.Celebrations.Any(c => c.Person == celebration.Person) => Unwritten(WriteResult<Story>.Unchanged(old)),
                { } old => Replace(db, old, old with { Celebrations = [.. old.Celebrations, celebration] }, audit),
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ErasedCounts> ForgetPersonAsync(PersonErasure erasure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        var (counts, changes) = await _database.WriteAsync(
            db =>
            {
                var involved = Documents.Involving(db, "authorKey", "celebrations", erasure.Person.Key);
                var changes = new List<(Story Old, Story New)>();
                foreach (var old in involved)
                {
                    var authored = old.Author == erasure.Person;
                    var updated = old with
                    {
                        Author = authored ? erasure.Pseudonym : old.Author,
                        AuthorName = authored ? PersonErasure.FormerMember : old.AuthorName,
                        Celebrations = [.. old.Celebrations.Where(c => c.Person != erasure.Person)],
                        Version = authored ? old.Version + 1 : old.Version,
                    };
                    changes.Add((old, Documents.Replace(db, updated, erasure.Entry(old.Id))));
                }

                _erasures.Record(db, erasure);
                var counts = new ErasedCounts(
                    changes.Count(c => c.Old.Author == erasure.Person),
                    changes.Count(c => c.Old.Celebrations.Any(x => x.Person == erasure.Person)));
                return (counts, changes);
            },
            result =>
            {
                foreach (var (old, updated) in result.changes)
                {
                    _index.Replace(old, updated);
                }
            },
            cancellationToken);
        return counts;
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
        _database.ReadAsync(db => Documents.Between(db, "createdAt", s => s.CreatedAt, from, to), cancellationToken);

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
        return _database.ReadAsync<IReadOnlyList<Story>>(db => Documents.Involving(db, "authorKey", "celebrations", person.Key), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Story>> ListAllAsync(CancellationToken cancellationToken) =>
        _database.ReadAsync(Documents.All, cancellationToken);

    /// <inheritdoc />
    public Task ImportAsync(IReadOnlyList<Story> stories, AuditEntry audit, CancellationToken cancellationToken)
    {
        Documents.RequireNumbers(stories, nameof(stories));
        ArgumentNullException.ThrowIfNull(audit);
        return _database.WriteAsync(
            db => Documents.Import(db, stories, audit),
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

    /// <summary>One write of at most one story; when it changed one (Old is set), the search index follows after the commit.</summary>
    private async Task<WriteResult<Story>> WriteOneAsync(Func<LiteDatabase, (WriteResult<Story> Result, Story? Old)> write, CancellationToken cancellationToken)
    {
        var (result, _) = await _database.WriteAsync(
            write,
            change =>
            {
                if (change.Old is { } old)
                {
                    _index.Replace(old, change.Result.Value!);
                }
            },
            cancellationToken);
        return result;
    }

    private static (WriteResult<Story> Result, Story? Old) Replace(LiteDatabase db, Story old, Story updated, AuditEntry audit) =>
        (WriteResult<Story>.Done(Documents.Replace(db, updated, audit)), old);

    private static (WriteResult<Story> Result, Story? Old) Unwritten(WriteResult<Story> result) => (result, null);

    private static Story? Find(LiteDatabase db, int number) => Documents.Find(db, number);

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

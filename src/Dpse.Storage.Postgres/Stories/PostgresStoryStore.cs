using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Core.Privacy;
using Dpse.Core.Search;
using Dpse.Core.Stories;
using Dpse.Core.Writes;
using Dpse.Storage.Postgres.Audit;
using Dpse.Storage.Postgres.Privacy;

namespace Dpse.Storage.Postgres.Stories;

/// <summary>
/// Stories in table <c>stories</c>. Search is PostgreSQL's full-text search over the weighted vectors the store writes
/// with each story (GIN-indexed), scored as Core's <see cref="StorySearchIndex"/> scores (each query word counts the
/// weight of the best field it is in; ties go to the newer story), so both providers return the same pages. Nothing
/// is held in memory: start-up does not grow with the number of stories.
/// </summary>
public sealed class PostgresStoryStore(PostgresDatabase database) : IStoryStore
{
    private const string Select = $"SELECT {StoryRows.Columns} FROM stories";

    // A whole save (add, import, erasure) rewrites the story's celebration rows too; an edit or status change leaves them.
    private readonly NumberedRows<Story> _rows = new(
        database, Select, Counters.Story, StoryRows.Read, (connection, transaction, story, whole, cancellationToken) => StoryRows.SaveAsync(connection, transaction, story, syncCelebrations: whole, cancellationToken));

    /// <inheritdoc />
    public Task<Story> AddAsync(Story draft, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(audit);
        return _rows.AddAsync(draft, audit, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Story?> GetAsync(int number, CancellationToken cancellationToken) => _rows.GetAsync(number, cancellationToken);

    /// <inheritdoc />
    public Task<WriteResult<Story>> UpdateContentAsync(Story edited, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edited);
        ArgumentNullException.ThrowIfNull(audit);
        return _rows.EditAsync(edited, old => old.WithEditedContent(edited), audit, cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult<Story>> SetStatusAsync(int number, ContentStatus status, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return _rows.SetStatusAsync(number, status, at, audit, cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult<Story>> CelebrateAsync(int number, Celebration celebration, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(celebration);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                // The erasure check comes first: it waits for this person's erasure in progress, before any row lock.
                var refused = await Erasures.RefusesAsync(connection, transaction, celebration.Person, celebration.At, cancellationToken);

                // The row lock orders concurrent celebrations of one story; each sees the ones committed before it.
                var story = await _rows.LockAsync(connection, transaction, number, cancellationToken);
                if (story is null)
                {
                    return WriteResult<Story>.NotFound();
                }

                if (refused)
                {
                    return WriteResult<Story>.Erased(story);
                }

                if (story.Celebrations.Any(c => c.Person == celebration.Person))
                {
                    return WriteResult<Story>.Unchanged(story);
                }

                // A celebration does not change the version: it never conflicts with an edit.
                var celebrated = story with { Celebrations = [.. story.Celebrations, celebration] };
                await StoryRows.SaveAsync(connection, transaction, celebrated, syncCelebrations: false, cancellationToken);
                await using (var insert = Sql.Command(connection, "INSERT INTO story_celebrations (story_number, person_key, at) VALUES (@number, @person, @at)", transaction)
                    .With("number", number)
                    .With("person", celebration.Person.Key)
                    .With("at", celebration.At))
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }

                await AuditRows.AppendAsync(connection, transaction, audit, cancellationToken);
                return WriteResult<Story>.Done(celebrated);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ErasedCounts> ForgetPersonAsync(PersonErasure erasure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                // The exclusive person lock first: a celebration of theirs either committed already (and is found below)
                // or waits and then sees the erasure.
                await Erasures.LockForErasureAsync(connection, transaction, erasure.Person, cancellationToken);
                await using var find = Sql.Command(
                        connection,
                        $"SELECT {StoryRows.Columns} FROM stories WHERE author_key = @key OR number IN (SELECT story_number FROM story_celebrations WHERE person_key = @key) ORDER BY number FOR UPDATE",
                        transaction)
                    .With("key", erasure.Person.Key);
                var involved = await find.ListAsync(StoryRows.Read, cancellationToken);
                var (anonymised, removed) = (0, 0);
                foreach (var old in involved)
                {
                    var authored = old.Author == erasure.Person;
                    anonymised += authored ? 1 : 0;
                    removed += old.Celebrations.Any(c => c.Person == erasure.Person) ? 1 : 0;
                    await _rows.ReplaceAsync(connection, transaction, old with
                    {
                        Author = authored ? erasure.Pseudonym : old.Author,
                        AuthorName = authored ? PersonErasure.FormerMember : old.AuthorName,
                        Celebrations = [.. old.Celebrations.Where(c => c.Person != erasure.Person)],
                        Version = authored ? old.Version + 1 : old.Version,
                    }, erasure.Entry(old.Id), cancellationToken, whole: true);
                }

                await Erasures.RecordAsync(connection, transaction, erasure, cancellationToken);
                return new ErasedCounts(anonymised, removed);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoryPage> SearchAsync(StoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, 100);
        return database.ReadAsync(
            async connection =>
            {
                var search = StorySearchSql.Build(query, page, size);
                long? counted = null;
                if (search.HasWords)
                {
                    // Words are counted first: no match ends the search, and the count picks how the page is read.
                    await using var count = search.Count(connection);
                    counted = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                    if (counted == 0)
                    {
                        return new StoryPage([], 0, page, size);
                    }
                }

                await using var command = search.Page(connection, counted);
                var rows = await command.ListAsync(r => (Story: StoryRows.Read(r), Total: r.GetInt64(3)), cancellationToken);
                long total;
                if (rows.Count > 0)
                {
                    total = rows[0].Total;
                }
                else if (counted is { } known)
                {
                    total = known;
                }
                else if (page == 1)
                {
                    total = 0;
                }
                else
                {
                    // Past the last page no row carries the total: count it (fewer than the page's end, so exact).
                    await using var count = search.Count(connection);
                    total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                }

                // More than the limit counted: the total is a lower bound ("100+"), never below the end of this page.
                var limit = search.CountLimit;
                return new StoryPage([.. rows.Select(r => r.Story)], (int)Math.Min(total, limit), page, size) { TotalIsLowerBound = total > limit };
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Story>> ListCreatedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        _rows.ListAsync("WHERE created_at >= @from AND created_at < @to ORDER BY created_at, number", c => c.With("from", from).With("to", to), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Story>> ListCelebratedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        _rows.ListAsync(
            "WHERE status = 'Published' AND number IN (SELECT story_number FROM story_celebrations WHERE at >= @from AND at < @to) ORDER BY number",
            c => c.With("from", from).With("to", to),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Story>> ListInvolvingAsync(ActorRef person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        return _rows.ListAsync(
            "WHERE author_key = @key OR number IN (SELECT story_number FROM story_celebrations WHERE person_key = @key) ORDER BY number",
            c => c.With("key", person.Key),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Story>> ListAllAsync(CancellationToken cancellationToken) =>
        _rows.ListAsync("ORDER BY number", _ => { }, cancellationToken);

    /// <inheritdoc />
    public Task ImportAsync(IReadOnlyList<Story> stories, AuditEntry audit, CancellationToken cancellationToken) =>
        _rows.ImportAsync(stories, audit, nameof(stories), cancellationToken);

    /// <inheritdoc />
    public Task<int> CountAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(
            async connection =>
            {
                await using var command = Sql.Command(connection, "SELECT count(*) FROM stories");
                return checked((int)(long)(await command.ExecuteScalarAsync(cancellationToken))!);
            },
            cancellationToken);
}

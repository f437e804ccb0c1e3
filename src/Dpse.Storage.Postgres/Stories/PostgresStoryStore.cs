using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Core.Search;
using Dpse.Core.Stories;
using Dpse.Storage.Postgres.Audit;
using Npgsql;

namespace Dpse.Storage.Postgres.Stories;

/// <summary>
/// Stories in table <c>stories</c>. Search is PostgreSQL's full-text search over the weighted vectors the store writes
/// with each story (GIN-indexed), scored as Core's <see cref="StorySearchIndex"/> scores (each query word counts the
/// weight of the best field it is in; ties go to the newer story), so both providers return the same pages. Nothing
/// is held in memory: start-up does not grow with the number of stories.
/// </summary>
public sealed class PostgresStoryStore(PostgresDatabase database) : IStoryStore
{
    private const string Select = "SELECT doc::text, number FROM stories";

    /// <inheritdoc />
    public Task<Story> AddAsync(Story draft, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                var story = draft with { Number = await Counters.NextAsync(connection, transaction, Counters.Story, cancellationToken) };
                await StoryRows.SaveAsync(connection, transaction, story, syncCelebrations: story.Celebrations.Count > 0, cancellationToken);
                await AuditRows.AppendAsync(connection, transaction, audit with { Target = story.Id }, cancellationToken);
                return story;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<Story?> GetAsync(int number, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async connection =>
            {
                await using var command = Sql.Command(connection, $"{Select} WHERE number = @number").With("number", number);
                return (await command.ListAsync(StoryRows.Read, cancellationToken)).SingleOrDefault();
            },
            cancellationToken);

    /// <inheritdoc />
    public Task UpdateAsync(Story story, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(story);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                _ = await StoryRows.LockAsync(connection, transaction, story.Number, cancellationToken)
                    ?? throw new InvalidOperationException($"{story.Id} does not exist.");
                await StoryRows.SaveAsync(connection, transaction, story, syncCelebrations: true, cancellationToken);
                await AuditRows.AppendAsync(connection, transaction, audit, cancellationToken);
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> CelebrateAsync(int number, Celebration celebration, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(celebration);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                // The row lock orders concurrent celebrations of one story; each sees the ones committed before it.
                var story = await StoryRows.LockAsync(connection, transaction, number, cancellationToken);
                if (story is null || story.Celebrations.Any(c => c.Person == celebration.Person))
                {
                    return false;
                }

                await StoryRows.SaveAsync(connection, transaction, story with { Celebrations = [.. story.Celebrations, celebration] }, syncCelebrations: false, cancellationToken);
                await using (var insert = Sql.Command(connection, "INSERT INTO story_celebrations (story_number, person_key, at) VALUES (@number, @person, @at)", transaction)
                    .With("number", number)
                    .With("person", celebration.Person.Key)
                    .With("at", celebration.At))
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }

                await AuditRows.AppendAsync(connection, transaction, audit, cancellationToken);
                return true;
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
                await using var command = search.Page(connection);
                var rows = await command.ListAsync(r => (Story: StoryRows.Read(r), Total: r.GetInt64(2)), cancellationToken);
                long total;
                if (rows.Count > 0)
                {
                    total = rows[0].Total;
                }
                else if (page == 1)
                {
                    total = 0;
                }
                else
                {
                    // Past the last page no row carries the total: count it.
                    await using var count = search.Count(connection);
                    total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                }

                return new StoryPage([.. rows.Select(r => r.Story)], checked((int)total), page, size);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Story>> ListCreatedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        ListAsync($"{Select} WHERE created_at >= @from AND created_at < @to ORDER BY created_at, number", c => c.With("from", from).With("to", to), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Story>> ListCelebratedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        ListAsync(
            $"{Select} WHERE status = 'Published' AND number IN (SELECT story_number FROM story_celebrations WHERE at >= @from AND at < @to) ORDER BY number",
            c => c.With("from", from).With("to", to),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Story>> ListInvolvingAsync(ActorRef person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        return ListAsync(
            $"{Select} WHERE author_key = @key OR number IN (SELECT story_number FROM story_celebrations WHERE person_key = @key) ORDER BY number",
            c => c.With("key", person.Key),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Story>> ListAllAsync(CancellationToken cancellationToken) =>
        ListAsync($"{Select} ORDER BY number", _ => { }, cancellationToken);

    /// <inheritdoc />
    public Task ImportAsync(IReadOnlyList<Story> stories, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stories);
        ArgumentNullException.ThrowIfNull(audit);
        if (stories.Any(s => s.Number <= 0))
        {
            throw new ArgumentException("Imported stories must carry their numbers.", nameof(stories));
        }

        return database.WriteAsync(
            async (connection, transaction) =>
            {
                foreach (var story in stories)
                {
                    await StoryRows.SaveAsync(connection, transaction, story, syncCelebrations: true, cancellationToken);
                }

                if (stories.Count > 0)
                {
                    await Counters.RaiseAsync(connection, transaction, Counters.Story, stories.Max(s => s.Number), cancellationToken);
                }

                await AuditRows.AppendAsync(connection, transaction, audit, cancellationToken);
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> CountAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(
            async connection =>
            {
                await using var command = Sql.Command(connection, "SELECT count(*) FROM stories");
                return checked((int)(long)(await command.ExecuteScalarAsync(cancellationToken))!);
            },
            cancellationToken);

    private Task<IReadOnlyList<Story>> ListAsync(string sql, Action<NpgsqlCommand> parameters, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<Story>>(
            async connection =>
            {
                await using var command = Sql.Command(connection, sql);
                parameters(command);
                return await command.ListAsync(StoryRows.Read, cancellationToken);
            },
            cancellationToken);
}

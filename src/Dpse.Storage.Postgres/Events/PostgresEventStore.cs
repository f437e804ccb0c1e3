using Dpse.Core.Audit;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Storage.Postgres.Audit;
using Npgsql;

namespace Dpse.Storage.Postgres.Events;

/// <summary>
/// Events and their RSVPs in table <c>events</c> (the event's document, its start and the keys of everyone involved).
/// Writes lock the event's row, so concurrent RSVPs and edits from any instance apply one after another.
/// </summary>
public sealed class PostgresEventStore(PostgresDatabase database) : IEventStore
{
    private const string Select = "SELECT doc::text, number FROM events";

    /// <inheritdoc />
    public Task<CommunityEvent> AddAsync(CommunityEvent draft, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                var added = draft with { Number = await Counters.NextAsync(connection, transaction, Counters.Event, cancellationToken) };
                await SaveAsync(connection, transaction, added, cancellationToken);
                await AuditRows.AppendAsync(connection, transaction, audit with { Target = added.Id }, cancellationToken);
                return added;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<CommunityEvent?> GetAsync(int number, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async connection =>
            {
                await using var command = Sql.Command(connection, $"{Select} WHERE number = @number").With("number", number);
                return (await command.ListAsync(Read, cancellationToken)).SingleOrDefault();
            },
            cancellationToken);

    /// <inheritdoc />
    public Task UpdateAsync(CommunityEvent communityEvent, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(communityEvent);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                _ = await LockAsync(connection, transaction, communityEvent.Number, cancellationToken)
                    ?? throw new InvalidOperationException($"{communityEvent.Id} does not exist.");
                await SaveAsync(connection, transaction, communityEvent, cancellationToken);
                await AuditRows.AppendAsync(connection, transaction, audit, cancellationToken);
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<CommunityEvent?> SetRsvpAsync(int number, Rsvp rsvp, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                if (await LockAsync(connection, transaction, number, cancellationToken) is not { } existing)
                {
                    return null;
                }

                var updated = existing with { Rsvps = [.. existing.Rsvps.Where(r => r.Person != rsvp.Person), rsvp] };
                await SaveAsync(connection, transaction, updated, cancellationToken);
                await AuditRows.AppendAsync(connection, transaction, audit, cancellationToken);
                return updated;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CommunityEvent>> ListStartingBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        ListAsync($"{Select} WHERE start_utc >= @from AND start_utc < @to ORDER BY start_utc, number", c => c.With("from", from).With("to", to), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CommunityEvent>> ListInvolvingAsync(ActorRef person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        return ListAsync($"{Select} WHERE participant_keys @> ARRAY[@key]::text[] ORDER BY number", c => c.With("key", person.Key), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CommunityEvent>> ListAllAsync(CancellationToken cancellationToken) =>
        ListAsync($"{Select} ORDER BY number", _ => { }, cancellationToken);

    /// <inheritdoc />
    public Task ImportAsync(IReadOnlyList<CommunityEvent> events, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(audit);
        if (events.Any(e => e.Number <= 0))
        {
            throw new ArgumentException("Imported events must carry their numbers.", nameof(events));
        }

        return database.WriteAsync(
            async (connection, transaction) =>
            {
                foreach (var communityEvent in events)
                {
                    await SaveAsync(connection, transaction, communityEvent, cancellationToken);
                }

                if (events.Count > 0)
                {
                    await Counters.RaiseAsync(connection, transaction, Counters.Event, events.Max(e => e.Number), cancellationToken);
                }

                await AuditRows.AppendAsync(connection, transaction, audit, cancellationToken);
                return true;
            },
            cancellationToken);
    }

    private static CommunityEvent Read(NpgsqlDataReader reader) => Sql.FromJson<CommunityEvent>(reader.GetString(0)) with { Number = reader.GetInt32(1) };

    private static async Task<CommunityEvent?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int number, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, $"{Select} WHERE number = @number FOR UPDATE", transaction).With("number", number);
        return (await command.ListAsync(Read, cancellationToken)).SingleOrDefault();
    }

    private static async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CommunityEvent communityEvent, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(
                connection,
                """
                INSERT INTO events (number, doc, start_utc, participant_keys) VALUES (@number, @doc, @start, @participants)
                ON CONFLICT (number) DO UPDATE SET doc = excluded.doc, version = events.version + 1, start_utc = excluded.start_utc,
                                                   participant_keys = excluded.participant_keys
                """,
                transaction)
            .With("number", communityEvent.Number)
            .WithJson("doc", Sql.ToJson(communityEvent))
            .With("start", communityEvent.StartUtc)
            .With("participants", communityEvent.Rsvps.Select(r => r.Person.Key).Prepend(communityEvent.Organiser.Key).Distinct().ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task<IReadOnlyList<CommunityEvent>> ListAsync(string sql, Action<NpgsqlCommand> parameters, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<CommunityEvent>>(
            async connection =>
            {
                await using var command = Sql.Command(connection, sql);
                parameters(command);
                return await command.ListAsync(Read, cancellationToken);
            },
            cancellationToken);
}

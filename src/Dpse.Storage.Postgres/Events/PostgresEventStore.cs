using Dpse.Core.Audit;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Privacy;
using Dpse.Core.Stories;
using Dpse.Core.Writes;
using Dpse.Storage.Postgres.Privacy;
using Npgsql;

namespace Dpse.Storage.Postgres.Events;

/// <summary>
/// Events and their RSVPs in table <c>events</c> (the event's document, its start and the keys of everyone involved).
/// Writes lock the event's row, so concurrent RSVPs and edits from any instance apply one after another.
/// </summary>
public sealed class PostgresEventStore(PostgresDatabase database) : IEventStore
{
    private const string Select = "SELECT doc::text, number, version FROM events";

    private readonly NumberedRows<CommunityEvent> _rows = new(
        database, Select, Counters.Event, Read, (connection, transaction, e, _, cancellationToken) => SaveAsync(connection, transaction, e, cancellationToken));

    /// <inheritdoc />
    public Task<CommunityEvent> AddAsync(CommunityEvent draft, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(audit);
        return _rows.AddAsync(draft, audit, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CommunityEvent?> GetAsync(int number, CancellationToken cancellationToken) => _rows.GetAsync(number, cancellationToken);

    /// <inheritdoc />
    public Task<WriteResult<CommunityEvent>> UpdateDetailsAsync(CommunityEvent edited, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edited);
        ArgumentNullException.ThrowIfNull(audit);
        return _rows.EditAsync(edited, old => old.WithEditedDetails(edited), audit, cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult<CommunityEvent>> SetStatusAsync(int number, ContentStatus status, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return _rows.SetStatusAsync(number, status, at, audit, cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult<CommunityEvent>> CancelAsync(int number, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            async (connection, transaction) => await _rows.LockAsync(connection, transaction, number, cancellationToken) switch
            {
                null => WriteResult<CommunityEvent>.NotFound(),
                { Cancelled: true } old => WriteResult<CommunityEvent>.Unchanged(old),
                { } old => await _rows.ReplaceAsync(connection, transaction, old with { Cancelled = true, UpdatedAt = at, Version = old.Version + 1 }, audit, cancellationToken),
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult<CommunityEvent>> SetRsvpAsync(int number, Rsvp rsvp, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                // The erasure check first: it waits for this person's erasure in progress, before any row lock.
                var refused = await Erasures.RefusesAsync(connection, transaction, rsvp.Person, rsvp.At, cancellationToken);
                return await _rows.LockAsync(connection, transaction, number, cancellationToken) switch
                {
                    null => WriteResult<CommunityEvent>.NotFound(),
                    { } old when refused => WriteResult<CommunityEvent>.Erased(old),

                    // An RSVP does not change the version: it never conflicts with an edit.
                    { } old => await _rows.ReplaceAsync(connection, transaction, old with { Rsvps = [.. old.Rsvps.Where(r => r.Person != rsvp.Person), rsvp] }, audit, cancellationToken),
                };
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
                await Erasures.LockForErasureAsync(connection, transaction, erasure.Person, cancellationToken);
                await using var find = Sql.Command(connection, $"{Select} WHERE participant_keys @> ARRAY[@key]::text[] ORDER BY number FOR UPDATE", transaction)
                    .With("key", erasure.Person.Key);
                var involved = await find.ListAsync(Read, cancellationToken);
                var (anonymised, removed) = (0, 0);
                foreach (var old in involved)
                {
                    var organised = old.Organiser == erasure.Person;
                    anonymised += organised ? 1 : 0;
                    removed += old.Rsvps.Any(r => r.Person == erasure.Person) ? 1 : 0;
                    await _rows.ReplaceAsync(connection, transaction, old with
                    {
                        Organiser = organised ? erasure.Pseudonym : old.Organiser,
                        OrganiserName = organised ? PersonErasure.FormerMember : old.OrganiserName,
                        Rsvps = [.. old.Rsvps.Where(r => r.Person != erasure.Person)],
                        Version = organised ? old.Version + 1 : old.Version,
                    }, erasure.Entry(old.Id), cancellationToken);
                }

                await Erasures.RecordAsync(connection, transaction, erasure, cancellationToken);
                return new ErasedCounts(anonymised, removed);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CommunityEvent>> ListStartingBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        _rows.ListAsync("WHERE start_utc >= @from AND start_utc < @to ORDER BY start_utc, number", c => c.With("from", from).With("to", to), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CommunityEvent>> ListInvolvingAsync(ActorRef person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        return _rows.ListAsync("WHERE participant_keys @> ARRAY[@key]::text[] ORDER BY number", c => c.With("key", person.Key), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CommunityEvent>> ListAllAsync(CancellationToken cancellationToken) =>
        _rows.ListAsync("ORDER BY number", _ => { }, cancellationToken);

    /// <inheritdoc />
    public Task ImportAsync(IReadOnlyList<CommunityEvent> events, AuditEntry audit, CancellationToken cancellationToken) =>
        _rows.ImportAsync(events, audit, nameof(events), cancellationToken);

    /// <summary>An event from <see cref="Select"/>'s columns; the version is the column's (the document does not carry it).</summary>
    private static CommunityEvent Read(NpgsqlDataReader reader) =>
        Sql.FromJson<CommunityEvent>(reader.GetString(0)) with { Number = reader.GetInt32(1), Version = reader.GetInt64(2) };

    private static async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CommunityEvent communityEvent, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(
                connection,
                """
                INSERT INTO events (number, doc, version, start_utc, participant_keys) VALUES (@number, @doc, @version, @start, @participants)
                ON CONFLICT (number) DO UPDATE SET doc = excluded.doc, version = excluded.version, start_utc = excluded.start_utc,
                                                   participant_keys = excluded.participant_keys
                """,
                transaction)
            .With("number", communityEvent.Number)
            .WithJson("doc", Sql.ToJson(communityEvent))
            .With("version", communityEvent.Version)
            .With("start", communityEvent.StartUtc)
            .With("participants", communityEvent.Rsvps.Select(r => r.Person.Key).Prepend(communityEvent.Organiser.Key).Distinct().ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using Dpse.Core.Audit;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Privacy;
using Dpse.Core.Stories;
using Dpse.Core.Writes;
using Dpse.Storage.LiteDb.Mapping;
using Dpse.Storage.LiteDb.Privacy;
using LiteDB;

namespace Dpse.Storage.LiteDb.Events;

/// <summary>Events and their RSVPs in collection <c>events</c>, indexed by start, organiser and respondent.</summary>
public sealed class LiteDbEventStore(LiteDbDatabase database) : IEventStore
{
    private readonly Erasures _erasures = Erasures.Of(database);

    /// <inheritdoc />
    public Task<CommunityEvent> AddAsync(CommunityEvent draft, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            db =>
            {
                var events = db.GetCollection(Schema.Events);
                var doc = EventDocuments.ToDocument(draft with { Number = checked((int)Schema.LastId(events) + 1), Version = 1 });
                events.Insert(doc);
                var added = EventDocuments.FromDocument(doc);
                AuditDocuments.Append(db, audit with { Target = added.Id });
                return added;
            },
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<CommunityEvent?> GetAsync(int number, CancellationToken cancellationToken) =>
        database.ReadAsync(db => Find(db, number), cancellationToken);

    /// <inheritdoc />
    public Task<WriteResult<CommunityEvent>> UpdateDetailsAsync(CommunityEvent edited, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edited);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            db => Find(db, edited.Number) switch
            {
                null => WriteResult<CommunityEvent>.NotFound(),
                { } old when old.Version != edited.Version => WriteResult<CommunityEvent>.Conflict(old),
                { } old => Replace(db, old.WithEditedDetails(edited), audit),
            },
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult<CommunityEvent>> SetStatusAsync(int number, ContentStatus status, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            db => Find(db, number) switch
            {
                null => WriteResult<CommunityEvent>.NotFound(),
                { } old when old.Status == status => WriteResult<CommunityEvent>.Unchanged(old),
                { } old => Replace(db, old with { Status = status, UpdatedAt = at, Version = old.Version + 1 }, audit),
            },
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult<CommunityEvent>> CancelAsync(int number, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            db => Find(db, number) switch
            {
                null => WriteResult<CommunityEvent>.NotFound(),
                { Cancelled: true } old => WriteResult<CommunityEvent>.Unchanged(old),
                { } old => Replace(db, old with { Cancelled = true, UpdatedAt = at, Version = old.Version + 1 }, audit),
            },
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult<CommunityEvent>> SetRsvpAsync(int number, Rsvp rsvp, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            db => Find(db, number) switch
            {
                null => WriteResult<CommunityEvent>.NotFound(),
                { } old when _erasures.Refuses(db, rsvp.Person, rsvp.At) => WriteResult<CommunityEvent>.Erased(old),
                { } old => Replace(db, old with { Rsvps = [.. old.Rsvps.Where(r => r.Person != rsvp.Person), rsvp] }, audit),
            },
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ErasedCounts> ForgetPersonAsync(PersonErasure erasure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        return database.WriteAsync(
            db =>
            {
                var events = db.GetCollection(Schema.Events);
                var involved = events.Find(Query.EQ("organiserKey", erasure.Person.Key))
                    .Concat(events.Find(BsonExpression.Create("$.rsvps[*].personKey ANY = @0", erasure.Person.Key)))
                    .Select(EventDocuments.FromDocument)
                    .DistinctBy(e => e.Number)
                    .ToList();
                var (anonymised, removed) = (0, 0);
                foreach (var old in involved)
                {
                    var organised = old.Organiser == erasure.Person;
                    anonymised += organised ? 1 : 0;
                    removed += old.Rsvps.Any(r => r.Person == erasure.Person) ? 1 : 0;
                    Replace(db, old with
                    {
                        Organiser = organised ? erasure.Pseudonym : old.Organiser,
                        OrganiserName = organised ? PersonErasure.FormerMember : old.OrganiserName,
                        Rsvps = [.. old.Rsvps.Where(r => r.Person != erasure.Person)],
                        Version = organised ? old.Version + 1 : old.Version,
                    }, erasure.Entry(old.Id));
                }

                _erasures.Record(db, erasure);
                return new ErasedCounts(anonymised, removed);
            },
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CommunityEvent>> ListStartingBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<CommunityEvent>>(
            db =>
            [
                .. db.GetCollection(Schema.Events)
                    .Find(Query.And(Query.GTE("startUtc", Bson.Instant(from)), Query.LT("startUtc", Bson.Instant(to))))
                    .Select(EventDocuments.FromDocument)
                    .OrderBy(e => e.StartUtc)
                    .ThenBy(e => e.Number),
            ],
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CommunityEvent>> ListInvolvingAsync(ActorRef person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        return database.ReadAsync<IReadOnlyList<CommunityEvent>>(
            db =>
            {
                var events = db.GetCollection(Schema.Events);
                var organised = events.Find(Query.EQ("organiserKey", person.Key));
                var answered = events.Find(BsonExpression.Create("$.rsvps[*].personKey ANY = @0", person.Key));
                return [.. organised.Concat(answered).Select(EventDocuments.FromDocument).DistinctBy(e => e.Number).OrderBy(e => e.Number)];
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CommunityEvent>> ListAllAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<CommunityEvent>>(
            db => [.. Schema.ReadInChunks(db.GetCollection(Schema.Events), Schema.ReadChunk).Select(EventDocuments.FromDocument)],
            cancellationToken);

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
            db =>
            {
                var collection = db.GetCollection(Schema.Events);
                foreach (var imported in events)
                {
                    var version = Math.Max(imported.Version, (Find(db, imported.Number)?.Version ?? 0) + 1);
                    collection.Upsert(EventDocuments.ToDocument(imported with { Version = version }));
                }

                AuditDocuments.Append(db, audit);
                return true;
            },
            null,
            cancellationToken);
    }

    private static WriteResult<CommunityEvent> Replace(LiteDatabase db, CommunityEvent updated, AuditEntry audit)
    {
        var doc = EventDocuments.ToDocument(updated);
        db.GetCollection(Schema.Events).Update(doc);
        AuditDocuments.Append(db, audit);
        return WriteResult<CommunityEvent>.Done(EventDocuments.FromDocument(doc));
    }

    private static CommunityEvent? Find(LiteDatabase db, int number) =>
        db.GetCollection(Schema.Events).FindById(number) is { } doc ? EventDocuments.FromDocument(doc) : null;
}

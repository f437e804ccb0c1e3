using Dpse.Core.Audit;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Storage.LiteDb.Mapping;
using LiteDB;

namespace Dpse.Storage.LiteDb.Events;

/// <summary>Events and their RSVPs in collection <c>events</c>, indexed by start, organiser and respondent.</summary>
public sealed class LiteDbEventStore(LiteDbDatabase database) : IEventStore
{
    /// <inheritdoc />
    public Task<CommunityEvent> AddAsync(CommunityEvent draft, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            db =>
            {
                var events = db.GetCollection(Schema.Events);
                var doc = EventDocuments.ToDocument(draft with { Number = checked((int)Schema.LastId(events) + 1) });
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
    public Task UpdateAsync(CommunityEvent communityEvent, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(communityEvent);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            db =>
            {
                if (!db.GetCollection(Schema.Events).Update(EventDocuments.ToDocument(communityEvent)))
                {
                    throw new InvalidOperationException($"{communityEvent.Id} does not exist.");
                }

                AuditDocuments.Append(db, audit);
                return true;
            },
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<CommunityEvent?> SetRsvpAsync(int number, Rsvp rsvp, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            db =>
            {
                if (Find(db, number) is not { } existing)
                {
                    return null;
                }

                var doc = EventDocuments.ToDocument(existing with { Rsvps = [.. existing.Rsvps.Where(r => r.Person != rsvp.Person), rsvp] });
                db.GetCollection(Schema.Events).Update(doc);
                AuditDocuments.Append(db, audit);
                return EventDocuments.FromDocument(doc);
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
                    collection.Upsert(EventDocuments.ToDocument(imported));
                }

                AuditDocuments.Append(db, audit);
                return true;
            },
            null,
            cancellationToken);
    }

    private static CommunityEvent? Find(LiteDatabase db, int number) =>
        db.GetCollection(Schema.Events).FindById(number) is { } doc ? EventDocuments.FromDocument(doc) : null;
}

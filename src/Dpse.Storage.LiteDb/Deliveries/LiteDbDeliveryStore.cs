using Dpse.Core.Deliveries;
using LiteDB;

namespace Dpse.Storage.LiteDb.Deliveries;

/// <summary>
/// The outbox in collection <c>deliveries</c> of the shared LiteDB file, keyed by the delivery key and indexed by
/// subject and status. Adds and updates go through the database's single writer, so "add unless the key exists" is atomic.
/// Only one process opens the file, so delivery claims are kept in memory (<see cref="InProcessClaims"/>, one per database).
/// </summary>
public sealed class LiteDbDeliveryStore : IDeliveryStore
{
    private readonly LiteDbDatabase _database;
    private readonly InProcessClaims _claims;

    /// <summary>Uses the process's one open database, creating the collection's indexes if needed.</summary>
    public LiteDbDeliveryStore(LiteDbDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _claims = database.GetState(_ => new InProcessClaims());
        _database.Write(db =>
        {
            DeliveryDocuments.EnsureIndexes(db);
            return true;
        });
    }

    /// <inheritdoc />
    public Task<DeliveryRecord?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _database.ReadAsync(
            db => db.GetCollection(DeliveryDocuments.Collection).FindById(key) is { } doc ? DeliveryDocuments.ToRecord(doc) : null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> TryAddAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var doc = DeliveryDocuments.ToDocument(record);
        return _database.WriteAsync(
            db =>
            {
                var deliveries = db.GetCollection(DeliveryDocuments.Collection);
                if (deliveries.FindById(record.Key) is not null)
                {
                    return false;
                }

                deliveries.Insert(doc);
                return true;
            },
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task UpdateAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var doc = DeliveryDocuments.ToDocument(record);
        return _database.WriteAsync(
            db => db.GetCollection(DeliveryDocuments.Collection).Update(doc)
                ? true
                : throw new InvalidOperationException($"No delivery record {record.Key}."),
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryRecord>> ListAllAsync(CancellationToken cancellationToken) =>
        _database.ReadAsync(db => Sorted(db.GetCollection(DeliveryDocuments.Collection).FindAll()), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryRecord>> ListPendingAsync(CancellationToken cancellationToken) =>
        ListAsync(Query.EQ("status", nameof(DeliveryStatus.Pending)), cancellationToken);

    /// <inheritdoc />
    public Task<int> CountPendingAsync(CancellationToken cancellationToken) =>
        _database.ReadAsync(db => db.GetCollection(DeliveryDocuments.Collection).Count(Query.EQ("status", nameof(DeliveryStatus.Pending))), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryRecord>> ListBySubjectAsync(string subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return ListAsync(Query.EQ("subject", subject), cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> DeleteDirectMessagesToAsync(Dpse.Core.Identity.ActorRef person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var target = new Dpse.Core.Sending.DirectTarget(person);
        return _database.WriteAsync(
            db =>
            {
                // A rare, person-wide erasure: a scan is fine, and the target shape stays private to DeliveryDocuments.
                var deliveries = db.GetCollection(DeliveryDocuments.Collection);
                var keys = deliveries.FindAll().Select(DeliveryDocuments.ToRecord).Where(r => r.Target == target).Select(r => r.Key).ToList();
                foreach (var key in keys)
                {
                    deliveries.Delete(key);
                }

                return keys.Count;
            },
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryRecord>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken) =>
        // Under the single writer, so no update lands between reading what is pending and claiming it.
        _database.WriteAsync(
            db => _claims.Claim(Find(db, Query.EQ("status", nameof(DeliveryStatus.Pending))), owner, now, lease, limit),
            null,
            cancellationToken);

    /// <inheritdoc />
    public Task<DeliveryClaim> TryClaimAsync(string key, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        // Under the single writer, so no update lands between reading the record and claiming it.
        _database.WriteAsync(
            db => _claims.TryClaim(db.GetCollection(DeliveryDocuments.Collection).FindById(key) is { } doc ? DeliveryDocuments.ToRecord(doc) : null, owner, now, lease),
            null,
            cancellationToken);

    /// <inheritdoc />
    public Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _claims.Release(key, owner);
        return Task.CompletedTask;
    }

    private Task<IReadOnlyList<DeliveryRecord>> ListAsync(BsonExpression query, CancellationToken cancellationToken) =>
        _database.ReadAsync(db => Find(db, query), cancellationToken);

    private static IReadOnlyList<DeliveryRecord> Find(LiteDatabase db, BsonExpression query) =>
        Sorted(db.GetCollection(DeliveryDocuments.Collection).Find(query));

    private static IReadOnlyList<DeliveryRecord> Sorted(IEnumerable<BsonDocument> documents) =>
    [
        .. documents
            .Select(DeliveryDocuments.ToRecord)
            .OrderBy(r => r.DueAt)
            .ThenBy(r => r.Key, StringComparer.Ordinal),
    ];
}

using Dpse.Core.Audit;
using Dpse.Core.Stories;
using Dpse.Core.Writes;
using Dpse.Storage.LiteDb.Mapping;
using LiteDB;

namespace Dpse.Storage.LiteDb;

/// <summary>
/// What the stores of numbered, versioned records (stories S-n, events E-n) do alike on LiteDB, inside one write or
/// read of the database: find by number, add under the next number at version 1, replace with the audit entry in the
/// same transaction, import records that keep their numbers (versions move past the stored ones), and list the records
/// a person is involved in. The store says how its record maps to a document.
/// </summary>
internal sealed class NumberedDocuments<T>(string collection, Func<T, BsonDocument> toDocument, Func<BsonDocument, T> fromDocument)
    where T : class, INumberedRecord<T>
{
    /// <summary>Refuses imported records without numbers, before anything is written.</summary>
    public void RequireNumbers(IReadOnlyList<T> records, string paramName)
    {
        ArgumentNullException.ThrowIfNull(records, paramName);
        if (records.Any(r => r.Number <= 0))
        {
            throw new ArgumentException($"Imported {paramName} must carry their numbers.", paramName);
        }
    }

    /// <summary>The record with this number, or null.</summary>
    public T? Find(LiteDatabase db, int recordNumber) =>
        db.GetCollection(collection).FindById(recordNumber) is { } doc ? fromDocument(doc) : null;

    /// <summary>Adds <paramref name="draft"/> under the next number at version 1, audited against its new id.</summary>
    public T Add(LiteDatabase db, T draft, AuditEntry audit)
    {
        var records = db.GetCollection(collection);
        var doc = toDocument(draft.Stored(checked((int)Schema.LastId(records) + 1), 1));
        records.Insert(doc);
        var added = fromDocument(doc);
        AuditDocuments.Append(db, audit with { Target = added.Id });
        return added;
    }

    /// <summary>
    /// The compare-and-swap every edit makes, inside the write: the stored version must still be <paramref name="edited"/>'s;
    /// <paramref name="apply"/> gives what is written. Returns the result and, when it wrote, the record it replaced.
    /// </summary>
    public (WriteResult<T> Result, T? Old) Edit(LiteDatabase db, T edited, Func<T, T> apply, AuditEntry audit) =>
        Find(db, edited.Number) switch
        {
            null => (WriteResult<T>.NotFound(), null),
            { } old when old.Version != edited.Version => (WriteResult<T>.Conflict(old), null),
            { } old => (WriteResult<T>.Done(Replace(db, apply(old), audit)), old),
        };

    /// <summary>Hides, restores or deletes a record as a new version; the status it already has changes nothing. Returns as <see cref="Edit"/>.</summary>
    public (WriteResult<T> Result, T? Old) SetStatus(LiteDatabase db, int recordNumber, ContentStatus status, DateTimeOffset at, AuditEntry audit) =>
        Find(db, recordNumber) switch
        {
            null => (WriteResult<T>.NotFound(), null),
            { } old when old.Status == status => (WriteResult<T>.Unchanged(old), null),
            { } old => (WriteResult<T>.Done(Replace(db, old.WithStatus(status, at), audit)), old),
        };

    /// <summary>Replaces the stored record with <paramref name="updated"/> and appends the audit entry; returns it as stored.</summary>
    public T Replace(LiteDatabase db, T updated, AuditEntry audit)
    {
        var doc = toDocument(updated);
        db.GetCollection(collection).Update(doc);
        AuditDocuments.Append(db, audit);
        return fromDocument(doc);
    }

    /// <summary>
    /// Writes records that carry their numbers with one audit entry. A replaced record's version moves past the stored
    /// one, so an edit begun before the import conflicts. Returns each record as it was (null when new) and as stored.
    /// </summary>
    public List<(T? Old, T New)> Import(LiteDatabase db, IReadOnlyList<T> records, AuditEntry audit)
    {
        var stored = db.GetCollection(collection);
        var changes = new List<(T? Old, T New)>(records.Count);
        foreach (var imported in records)
        {
            var old = Find(db, imported.Number);
            var doc = toDocument(imported.Stored(imported.Number, Math.Max(imported.Version, (old?.Version ?? 0) + 1)));
            stored.Upsert(doc);
            changes.Add((old, fromDocument(doc)));
        }

        AuditDocuments.Append(db, audit);
        return changes;
    }

    /// <summary>Every record, read a chunk at a time.</summary>
    public IReadOnlyList<T> All(LiteDatabase db) =>
        [.. Schema.ReadInChunks(db.GetCollection(collection), Schema.ReadChunk).Select(fromDocument)];

    /// <summary>
    /// The records whose <paramref name="ownerField"/> is the person's key or whose <paramref name="peopleArray"/> (an
    /// array of documents with <c>personKey</c>) names them, each once, by number.
    /// </summary>
    public List<T> Involving(LiteDatabase db, string ownerField, string peopleArray, string personKey)
    {
        var records = db.GetCollection(collection);
        var owned = records.Find(Query.EQ(ownerField, personKey));
        var named = records.Find(BsonExpression.Create($"$.{peopleArray}[*].personKey ANY = @0", personKey));
        return [.. owned.Concat(named).Select(fromDocument).DistinctBy(r => r.Number).OrderBy(r => r.Number)];
    }

    /// <summary>The records whose instant <paramref name="field"/> is in [from, to), by that instant then number.</summary>
    public IReadOnlyList<T> Between(LiteDatabase db, string field, Func<T, DateTimeOffset> instant, DateTimeOffset from, DateTimeOffset to) =>
    [
        .. db.GetCollection(collection)
            .Find(Query.And(Query.GTE(field, Bson.Instant(from)), Query.LT(field, Bson.Instant(to))))
            .Select(fromDocument)
            .OrderBy(instant)
            .ThenBy(r => r.Number),
    ];
}

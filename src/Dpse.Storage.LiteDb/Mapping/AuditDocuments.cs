using Dpse.Core.Audit;
using LiteDB;

namespace Dpse.Storage.LiteDb.Mapping;

/// <summary>Audit entry ⇄ document in collection <c>audit</c>; <c>_id</c> is the entry id.</summary>
internal static class AuditDocuments
{
    /// <summary>Inserts <paramref name="entry"/> with the next id, inside the caller's transaction, and returns it as stored.</summary>
    public static AuditEntry Append(LiteDatabase db, AuditEntry entry)
    {
        var audit = db.GetCollection(Schema.Audit);
        var stored = entry with { Id = Schema.LastId(audit) + 1 };
        audit.Insert(ToDocument(stored));
        return stored;
    }

    public static BsonDocument ToDocument(AuditEntry entry) => new()
    {
        ["_id"] = entry.Id,
        ["at"] = Bson.Instant(entry.At),
        ["actor"] = Bson.Person(entry.Actor),
        ["actorKey"] = entry.Actor.Key,
        ["actorName"] = entry.ActorName,
        ["action"] = entry.Action,
        ["target"] = entry.Target,
        ["detail"] = Bson.Text(entry.Detail),
    };

    public static AuditEntry FromDocument(BsonDocument doc) =>
        new(Bson.ToInstant(doc["at"]), Bson.ToPerson(doc["actor"]), doc["actorName"].AsString, doc["action"].AsString, doc["target"].AsString, Bson.ToText(doc["detail"]))
        {
            Id = doc["_id"].AsInt64,
        };
}

using Dpse.Core.Identity;
using Dpse.Core.Privacy;
using Dpse.Storage.LiteDb.Mapping;
using LiteDB;

namespace Dpse.Storage.LiteDb.Privacy;

/// <summary>
/// Who was erased and when, in collection <c>erasures</c>, keyed by <see cref="ErasureFingerprint"/> under this
/// database's own secret (meta document <c>erasure</c>), so the file never names an erased person. Stories, events and
/// member settings share it; each checks it inside the same transaction as the write it guards.
/// </summary>
internal sealed class Erasures
{
    private readonly byte[] _secret;

    private Erasures(byte[] secret) => _secret = secret;

    /// <summary>The erasure register of <paramref name="database"/>.</summary>
    public static Erasures Of(LiteDbDatabase database) =>
        database.GetState(db => new Erasures(db.GetCollection(Schema.Meta).FindById("erasure")["secret"].AsBinary));

    /// <summary>Records <paramref name="erasure"/> (keeping the latest instant) inside the caller's transaction.</summary>
    public void Record(LiteDatabase db, PersonErasure erasure)
    {
        var collection = db.GetCollection(Schema.Erasures);
        var id = ErasureFingerprint.Of(_secret, erasure.Person);
        if (collection.FindById(id) is { } existing && Bson.ToInstant(existing["at"]) >= erasure.At)
        {
            return;
        }

        collection.Upsert(new BsonDocument { ["_id"] = id, ["at"] = Bson.Instant(erasure.At) });
    }

    /// <summary>Whether <paramref name="person"/> was erased at or after <paramref name="at"/>, so a write of theirs carrying that instant must be refused.</summary>
    public bool Refuses(LiteDatabase db, ActorRef person, DateTimeOffset at) =>
        db.GetCollection(Schema.Erasures).FindById(ErasureFingerprint.Of(_secret, person)) is { } doc && Bson.ToInstant(doc["at"]) >= at;
}

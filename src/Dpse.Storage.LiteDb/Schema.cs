using System.Globalization;
using LiteDB;

namespace Dpse.Storage.LiteDb;

/// <summary>
/// Collection names, the schema version and the indexes behind every lookup. Documents are mapped by hand
/// (see <c>Mapping/</c>), so renaming a C# property never changes what is on disk.
/// </summary>
internal static class Schema
{
    public const int Version = 1;

    /// <summary>Documents per query when reading a whole collection.</summary>
    public const int ReadChunk = 1000;

    public const string Stories = "stories";
    public const string Events = "events";
    public const string Channels = "channel_settings";
    public const string Members = "member_settings";
    public const string Audit = "audit";
    public const string Meta = "meta";

    /// <summary>Erased people: <c>_id</c> is an <see cref="Core.Privacy.ErasureFingerprint"/>, <c>at</c> the latest erasure.</summary>
    public const string Erasures = "erasures";

    public static void Ensure(LiteDatabase db)
    {
        var meta = db.GetCollection(Meta);
        var info = meta.FindById("schema");
        if (info is null)
        {
            meta.Insert(new BsonDocument
            {
                ["_id"] = "schema",
                ["version"] = Version,
                ["databaseId"] = Guid.NewGuid(),
            });
        }
        else if (info["version"].AsInt32 > Version)
        {
            throw new InvalidOperationException(
                $"The data file was written by a newer Dpse.Bot (schema {info["version"].AsInt32}, this build knows {Version}).");
        }

        if (meta.FindById("erasure") is null)
        {
            // The key of the erasure fingerprints, made once per database (added without a schema change: older files get one on open).
            meta.Insert(new BsonDocument { ["_id"] = "erasure", ["secret"] = Core.Privacy.ErasureFingerprint.NewSecret() });
        }

        var stories = db.GetCollection(Stories);
        stories.EnsureIndex("createdAt", "$.createdAt");
        stories.EnsureIndex("authorKey", "$.authorKey");
        stories.EnsureIndex("celebrants", "$.celebrations[*].personKey");
        stories.EnsureIndex("celebratedAt", "$.celebrations[*].at");

        var events = db.GetCollection(Events);
        events.EnsureIndex("startUtc", "$.startUtc");
        events.EnsureIndex("organiserKey", "$.organiserKey");
        events.EnsureIndex("respondents", "$.rsvps[*].personKey");

        db.GetCollection(Channels).EnsureIndex("active", "$.active");

        var audit = db.GetCollection(Audit);
        audit.EnsureIndex("target", "$.target");
        audit.EnsureIndex("actorKey", "$.actorKey");
    }

    /// <summary>
    /// Every document of an integer-keyed collection in <c>_id</c> order, read <paramref name="chunk"/> at a time, each
    /// chunk its own query: one query over a whole collection keeps every page it touched in LiteDB's cache until it
    /// ends, and the cache never gives that memory back.
    /// </summary>
    public static IEnumerable<BsonDocument> ReadInChunks(ILiteCollection<BsonDocument> collection, int chunk)
    {
        long last = 0;
        while (true)
        {
            var docs = collection.Query().Where(Query.GT("_id", last)).OrderBy("_id").Limit(chunk).ToList();
            foreach (var doc in docs)
            {
                yield return doc;
            }

            if (docs.Count < chunk)
            {
                yield break;
            }

            last = Convert.ToInt64(docs[^1]["_id"].RawValue, CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The highest <c>_id</c> of an integer-keyed collection, or 0 (reads the primary index backwards).</summary>
    public static long LastId(ILiteCollection<BsonDocument> collection)
    {
        var last = collection.Query().OrderByDescending("_id").Limit(1).ToDocuments().FirstOrDefault();
        return last is null ? 0 : Convert.ToInt64(last["_id"].RawValue, CultureInfo.InvariantCulture);
    }
}

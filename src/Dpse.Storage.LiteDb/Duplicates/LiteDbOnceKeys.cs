using Dpse.Core.Duplicates;
using Dpse.Storage.LiteDb.Mapping;
using LiteDB;

namespace Dpse.Storage.LiteDb.Duplicates;

/// <summary>
/// Once-claims in collection <c>once_keys</c> of the LiteDB file (<c>_id</c> the key's UTF-8 bytes, because LiteDB
/// compares strings ignoring case and two keys differing in case are two keys; <c>key</c> the text, for people;
/// <c>expiresAt</c> indexed), so a
/// claim outlives a restart: an envelope Slack redelivers to the restarted process is still a duplicate. Claims go
/// through the database's single writer, which makes check-then-insert atomic. Expired claims are swept at most every
/// <see cref="OnceKey.SweepEvery"/> by a claim.
/// </summary>
public sealed class LiteDbOnceKeys : IOnceKeys
{
    /// <summary>The collection.</summary>
    public const string Collection = "once_keys";

    private readonly LiteDbDatabase _database;
    private readonly SweepClock _sweeps;

    /// <summary>Uses the process's one open database, creating the collection's index if needed.</summary>
    public LiteDbOnceKeys(LiteDbDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _sweeps = database.GetState(_ => new SweepClock());
        _database.Write(db => db.GetCollection(Collection).EnsureIndex("expiresAt", "$.expiresAt"));
    }

    /// <inheritdoc />
    public Task<bool> TryClaimAsync(string key, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        OnceKey.Check(key, now, expiresAt);
        var sweep = _sweeps.Due(now);
        return _database.WriteAsync(
            db =>
            {
                var claims = db.GetCollection(Collection);
                if (sweep)
                {
                    claims.DeleteMany(Query.LTE("expiresAt", Bson.Instant(now)));
                }

                var id = Id(key);
                if (claims.FindById(id) is { } held && Bson.ToInstant(held["expiresAt"]) > now)
                {
                    return false;
                }

                claims.Upsert(new BsonDocument { ["_id"] = id, ["key"] = key, ["expiresAt"] = Bson.Instant(expiresAt) });
                return true;
            },
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        _database.WriteAsync(db => db.GetCollection(Collection).DeleteMany(Query.LTE("expiresAt", Bson.Instant(now))), null, cancellationToken);

    private static BsonValue Id(string key) => new(System.Text.Encoding.UTF8.GetBytes(key));

    /// <summary>When this database was last swept, shared by every store object over it.</summary>
    private sealed class SweepClock
    {
        private readonly Lock _gate = new();
        private DateTimeOffset _last = DateTimeOffset.MinValue;

        public bool Due(DateTimeOffset now)
        {
            lock (_gate)
            {
                if (now - _last < OnceKey.SweepEvery)
                {
                    return false;
                }

                _last = now;
                return true;
            }
        }
    }
}

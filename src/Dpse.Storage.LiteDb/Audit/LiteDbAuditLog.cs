using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Storage.LiteDb.Mapping;
using LiteDB;

namespace Dpse.Storage.LiteDb.Audit;

/// <summary>
/// The audit trail in collection <c>audit</c>, ids increasing. The other LiteDB stores insert their entries inside the
/// same transaction as their change; this port reads the trail, appends stand-alone entries and redacts people.
/// </summary>
public sealed class LiteDbAuditLog(LiteDbDatabase database) : IAuditLog
{
    /// <inheritdoc />
    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return database.WriteAsync(db => AuditDocuments.Append(db, entry), null, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ListAsync(string? target, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<AuditEntry>>(
            db =>
            {
                var query = db.GetCollection(Schema.Audit).Query();
                if (target is not null)
                {
                    query = query.Where(Query.EQ("target", target));
                }

                return [.. query.OrderByDescending("_id").Limit(Math.Max(0, limit)).ToDocuments().Select(AuditDocuments.FromDocument)];
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ListByActorAsync(ActorRef actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return database.ReadAsync<IReadOnlyList<AuditEntry>>(
            db =>
            [
                .. db.GetCollection(Schema.Audit)
                    .Find(Query.EQ("actorKey", actor.Key))
                    .Select(AuditDocuments.FromDocument)
                    .OrderByDescending(e => e.Id),
            ],
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> RedactActorAsync(ActorRef actor, ActorRef replacement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(replacement);
        return database.WriteAsync(
            db =>
            {
                var audit = db.GetCollection(Schema.Audit);
                var entries = audit.Find(Query.EQ("actorKey", actor.Key)).Select(AuditDocuments.FromDocument).ToList();
                foreach (var entry in entries)
                {
                    audit.Update(AuditDocuments.ToDocument(entry with { Actor = replacement, ActorName = replacement.UserId }));
                }

                return entries.Count;
            },
            null,
            cancellationToken);
    }
}

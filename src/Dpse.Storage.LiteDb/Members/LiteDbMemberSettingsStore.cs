using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Core.Members;
using Dpse.Storage.LiteDb.Mapping;

namespace Dpse.Storage.LiteDb.Members;

/// <summary>Member settings in collection <c>member_settings</c>, keyed by the person's key.</summary>
public sealed class LiteDbMemberSettingsStore(LiteDbDatabase database) : IMemberSettingsStore
{
    /// <inheritdoc />
    public Task<MemberSettings?> GetAsync(ActorRef person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        return database.ReadAsync(
            db => db.GetCollection(Schema.Members).FindById(person.Key) is { } doc ? SettingsDocuments.ToMemberSettings(doc) : null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task SaveAsync(MemberSettings settings, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            db =>
            {
                db.GetCollection(Schema.Members).Upsert(SettingsDocuments.ToDocument(settings));
                AuditDocuments.Append(db, audit);
                return true;
            },
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(ActorRef person, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            db =>
            {
                db.GetCollection(Schema.Members).Delete(person.Key);
                AuditDocuments.Append(db, audit);
                return true;
            },
            null,
            cancellationToken);
    }
}

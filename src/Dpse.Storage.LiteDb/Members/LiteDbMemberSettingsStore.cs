using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Core.Members;
using Dpse.Core.Privacy;
using Dpse.Core.Writes;
using Dpse.Storage.LiteDb.Mapping;
using Dpse.Storage.LiteDb.Privacy;

namespace Dpse.Storage.LiteDb.Members;

/// <summary>Member settings in collection <c>member_settings</c>, keyed by the person's key.</summary>
public sealed class LiteDbMemberSettingsStore(LiteDbDatabase database) : IMemberSettingsStore
{
    private readonly Erasures _erasures = Erasures.Of(database);

    /// <inheritdoc />
    public Task<MemberSettings?> GetAsync(ActorRef person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        return database.ReadAsync(
            db => db.GetCollection(Schema.Members).FindById(person.Key) is { } doc ? SettingsDocuments.ToMemberSettings(doc) : null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MemberSettings>> ListAllAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<MemberSettings>>(
            db => [.. db.GetCollection(Schema.Members).FindAll().Select(SettingsDocuments.ToMemberSettings).OrderBy(s => s.Person.Key, StringComparer.Ordinal)],
            cancellationToken);

    /// <inheritdoc />
    public Task<WriteResult<MemberSettings>> SetReminderDirectMessagesAsync(ActorRef person, bool on, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            db =>
            {
                var members = db.GetCollection(Schema.Members);
                var existing = members.FindById(person.Key) is { } doc ? SettingsDocuments.ToMemberSettings(doc) : null;
                if (_erasures.Refuses(db, person, at))
                {
                    return WriteResult<MemberSettings>.Erased(existing);
                }

                if (existing is not null && existing.ReminderDirectMessages == on)
                {
                    return WriteResult<MemberSettings>.Unchanged(existing);
                }

                var stored = new MemberSettings(person, on, at);
                members.Upsert(SettingsDocuments.ToDocument(stored));
                AuditDocuments.Append(db, audit);
                return WriteResult<MemberSettings>.Done(stored);
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
                var removed = db.GetCollection(Schema.Members).Delete(erasure.Person.Key);
                if (removed)
                {
                    AuditDocuments.Append(db, erasure.Entry("member"));
                }

                _erasures.Record(db, erasure);
                return new ErasedCounts(0, removed ? 1 : 0);
            },
            null,
            cancellationToken);
    }
}

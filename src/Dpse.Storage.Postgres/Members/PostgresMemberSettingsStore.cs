using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Core.Members;
using Dpse.Core.Privacy;
using Dpse.Core.Writes;
using Dpse.Storage.Postgres.Audit;
using Dpse.Storage.Postgres.Privacy;
using Npgsql;

namespace Dpse.Storage.Postgres.Members;

/// <summary>Member settings in table <c>member_settings</c>, keyed by the person key.</summary>
public sealed class PostgresMemberSettingsStore(PostgresDatabase database) : IMemberSettingsStore
{
    /// <inheritdoc />
    public Task<MemberSettings?> GetAsync(ActorRef person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        return database.ReadAsync(
            connection => FindAsync(connection, null, person, cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MemberSettings>> ListAllAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<MemberSettings>>(
            async connection =>
            {
                await using var command = Sql.Command(connection, "SELECT platform, workspace, user_id, reminder_dms, updated_at FROM member_settings ORDER BY person_key COLLATE \"C\"");
                return await command.ListAsync(Read, cancellationToken);
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<WriteResult<MemberSettings>> SetReminderDirectMessagesAsync(ActorRef person, bool on, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                // The erasure check first: it waits for this person's erasure in progress, so a setting begun before
                // the erasure cannot be stored after it.
                var refused = await Erasures.RefusesAsync(connection, transaction, person, at, cancellationToken);
                if (refused)
                {
                    return WriteResult<MemberSettings>.Erased(await FindAsync(connection, transaction, person, cancellationToken));
                }

                // One statement: insert, or update only when the value differs; no row back means it already was so.
                await using (var upsert = Sql.Command(
                        connection,
                        """
                        INSERT INTO member_settings (person_key, platform, workspace, user_id, reminder_dms, updated_at)
                        VALUES (@key, @platform, @workspace, @user, @dms, @updated)
                        ON CONFLICT (person_key) DO UPDATE SET reminder_dms = excluded.reminder_dms, updated_at = excluded.updated_at
                        WHERE member_settings.reminder_dms <> excluded.reminder_dms
                        RETURNING person_key
                        """,
                        transaction)
                    .With("key", person.Key)
                    .With("platform", person.Platform)
                    .With("workspace", person.Workspace)
                    .With("user", person.UserId)
                    .With("dms", on)
                    .With("updated", at))
                {
                    if (await upsert.ExecuteScalarAsync(cancellationToken) is null)
                    {
                        return WriteResult<MemberSettings>.Unchanged((await FindAsync(connection, transaction, person, cancellationToken))!);
                    }
                }

                await AuditRows.AppendAsync(connection, transaction, audit, cancellationToken);
                return WriteResult<MemberSettings>.Done(new MemberSettings(person, on, at));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ErasedCounts> ForgetPersonAsync(PersonErasure erasure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await Erasures.LockForErasureAsync(connection, transaction, erasure.Person, cancellationToken);
                int removed;
                await using (var delete = Sql.Command(connection, "DELETE FROM member_settings WHERE person_key = @key", transaction).With("key", erasure.Person.Key))
                {
                    removed = await delete.ExecuteNonQueryAsync(cancellationToken);
                }

                if (removed > 0)
                {
                    await AuditRows.AppendAsync(connection, transaction, erasure.Entry("member"), cancellationToken);
                }

                await Erasures.RecordAsync(connection, transaction, erasure, cancellationToken);
                return new ErasedCounts(0, removed > 0 ? 1 : 0);
            },
            cancellationToken);
    }

    private static async Task<MemberSettings?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ActorRef person, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, "SELECT platform, workspace, user_id, reminder_dms, updated_at FROM member_settings WHERE person_key = @key", transaction)
            .With("key", person.Key);
        var rows = await command.ListAsync(Read, cancellationToken);
        return rows.SingleOrDefault();
    }

    private static MemberSettings Read(NpgsqlDataReader r) =>
        new(new ActorRef(r.GetString(0), r.GetString(1), r.GetString(2)), r.GetBoolean(3), r.Instant(4));
}

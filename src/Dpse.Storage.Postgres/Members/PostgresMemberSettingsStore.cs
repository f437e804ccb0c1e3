using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Core.Members;
using Dpse.Storage.Postgres.Audit;

namespace Dpse.Storage.Postgres.Members;

/// <summary>Member settings in table <c>member_settings</c>, keyed by the person key.</summary>
public sealed class PostgresMemberSettingsStore(PostgresDatabase database) : IMemberSettingsStore
{
    /// <inheritdoc />
    public Task<MemberSettings?> GetAsync(ActorRef person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        return database.ReadAsync(
            async connection =>
            {
                await using var command = Sql.Command(connection, "SELECT platform, workspace, user_id, reminder_dms, updated_at FROM member_settings WHERE person_key = @key")
                    .With("key", person.Key);
                var rows = await command.ListAsync(
                    r => new MemberSettings(new ActorRef(r.GetString(0), r.GetString(1), r.GetString(2)), r.GetBoolean(3), r.Instant(4)),
                    cancellationToken);
                return rows.SingleOrDefault();
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task SaveAsync(MemberSettings settings, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await using (var command = Sql.Command(
                        connection,
                        """
                        INSERT INTO member_settings (person_key, platform, workspace, user_id, reminder_dms, updated_at)
                        VALUES (@key, @platform, @workspace, @user, @dms, @updated)
                        ON CONFLICT (person_key) DO UPDATE SET reminder_dms = excluded.reminder_dms, updated_at = excluded.updated_at
                        """,
                        transaction)
                    .With("key", settings.Person.Key)
                    .With("platform", settings.Person.Platform)
                    .With("workspace", settings.Person.Workspace)
                    .With("user", settings.Person.UserId)
                    .With("dms", settings.ReminderDirectMessages)
                    .With("updated", settings.UpdatedAt))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                await AuditRows.AppendAsync(connection, transaction, audit, cancellationToken);
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(ActorRef person, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await using (var command = Sql.Command(connection, "DELETE FROM member_settings WHERE person_key = @key", transaction).With("key", person.Key))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                await AuditRows.AppendAsync(connection, transaction, audit, cancellationToken);
                return true;
            },
            cancellationToken);
    }
}

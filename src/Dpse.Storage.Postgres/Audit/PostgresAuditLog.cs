using Dpse.Core.Audit;
using Dpse.Core.Identity;

namespace Dpse.Storage.Postgres.Audit;

/// <summary>
/// The audit trail in table <c>audit</c>, ids increasing. The other stores insert their entries in the transaction of
/// their change; this port reads the trail, appends stand-alone entries and redacts people.
/// </summary>
public sealed class PostgresAuditLog(PostgresDatabase database) : IAuditLog
{
    /// <inheritdoc />
    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await AuditRows.AppendAsync(connection, transaction, entry, cancellationToken);
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ListAsync(string? target, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<AuditEntry>>(
            async connection =>
            {
                var where = target is null ? "" : "WHERE target = @target";
                await using var command = Sql.Command(connection, $"SELECT {AuditRows.Columns} FROM audit {where} ORDER BY id DESC LIMIT @limit")
                    .With("target", target)
                    .With("limit", Math.Max(0, limit));
                return await command.ListAsync(AuditRows.Read, cancellationToken);
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ListByActorAsync(ActorRef actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return database.ReadAsync<IReadOnlyList<AuditEntry>>(
            async connection =>
            {
                await using var command = Sql.Command(connection, $"SELECT {AuditRows.Columns} FROM audit WHERE actor_key = @key ORDER BY id DESC")
                    .With("key", actor.Key);
                return await command.ListAsync(AuditRows.Read, cancellationToken);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> RedactActorAsync(ActorRef actor, ActorRef replacement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(replacement);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await using var command = Sql.Command(
                        connection,
                        """
                        UPDATE audit SET actor_platform = @platform, actor_workspace = @workspace, actor_user = @user,
                                         actor_key = @newKey, actor_name = @user
                        WHERE actor_key = @key
                        """,
                        transaction)
                    .With("platform", replacement.Platform)
                    .With("workspace", replacement.Workspace)
                    .With("user", replacement.UserId)
                    .With("newKey", replacement.Key)
                    .With("key", actor.Key);
                return await command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
    }
}

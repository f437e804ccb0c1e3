using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Npgsql;

namespace Dpse.Storage.Postgres.Audit;

/// <summary>Audit rows: appended by every store inside the transaction of its change, read by <see cref="PostgresAuditLog"/>.</summary>
internal static class AuditRows
{
    public const string Columns = "id, at, actor_platform, actor_workspace, actor_user, actor_name, action, target, detail";

    public static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(
                connection,
                """
                INSERT INTO audit (at, actor_platform, actor_workspace, actor_user, actor_key, actor_name, action, target, detail)
                VALUES (@at, @platform, @workspace, @user, @key, @name, @action, @target, @detail)
                """,
                transaction)
            .With("at", entry.At)
            .With("platform", entry.Actor.Platform)
            .With("workspace", entry.Actor.Workspace)
            .With("user", entry.Actor.UserId)
            .With("key", entry.Actor.Key)
            .With("name", entry.ActorName)
            .With("action", entry.Action)
            .With("target", entry.Target)
            .With("detail", entry.Detail);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static AuditEntry Read(NpgsqlDataReader reader) =>
        new(
            reader.Instant(1),
            new ActorRef(reader.GetString(2), reader.GetString(3), reader.GetString(4)),
            reader.GetString(5),
            reader.GetString(6),
            reader.GetString(7),
            reader.NullableString(8))
        {
            Id = reader.GetInt64(0),
        };
}

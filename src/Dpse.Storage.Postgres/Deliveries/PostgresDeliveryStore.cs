using Dpse.Core.Deliveries;
using Dpse.Core.Identity;
using Dpse.Core.Sending;

namespace Dpse.Storage.Postgres.Deliveries;

/// <summary>
/// The outbox in table <c>deliveries</c>, shared by every instance on the database. The delivery key is the primary
/// key, so planning the same delivery on two instances at once adds one row (<c>ON CONFLICT DO NOTHING</c>).
/// </summary>
public sealed class PostgresDeliveryStore(PostgresDatabase database) : IDeliveryStore
{
    private const string Select = "SELECT " + DeliveryRows.Columns + " FROM deliveries";

    /// <inheritdoc />
    public Task<DeliveryRecord?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return database.ReadAsync(
            async connection =>
            {
                await using var command = Sql.Command(connection, $"{Select} WHERE key = @key").With("key", key);
                return (await command.ListAsync(DeliveryRows.Read, cancellationToken)).SingleOrDefault();
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> TryAddAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return database.ReadAsync(
            async connection =>
            {
                await using var command = Sql.Command(
                        connection,
                        $"""
                        INSERT INTO deliveries ({DeliveryRows.Columns}, target_key)
                        VALUES (@key, @kind, @subject, @target_kind, @target_platform, @target_workspace, @target_id, @due_at, @period_start,
                                @period_end, @event_number, @event_start, @previous_event_start, @offset_ticks, @note, @status, @attempts,
                                @next_attempt_at, @message_id, @error, @late, @created_at, @updated_at, @attempt_started_at, @target_key)
                        ON CONFLICT (key) DO NOTHING
                        """)
                    .WithRecord(record);
                return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task UpdateAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return database.ReadAsync(
            async connection =>
            {
                await using var command = Sql.Command(
                        connection,
                        """
                        UPDATE deliveries SET kind = @kind, subject = @subject, target_kind = @target_kind, target_platform = @target_platform,
                            target_workspace = @target_workspace, target_id = @target_id, target_key = @target_key, due_at = @due_at,
                            period_start = @period_start, period_end = @period_end, event_number = @event_number, event_start = @event_start,
                            previous_event_start = @previous_event_start, offset_ticks = @offset_ticks, note = @note, status = @status,
                            attempts = @attempts, next_attempt_at = @next_attempt_at, message_id = @message_id, error = @error, late = @late,
                            created_at = @created_at, updated_at = @updated_at, attempt_started_at = @attempt_started_at
                        WHERE key = @key
                        """)
                    .WithRecord(record);
                return await command.ExecuteNonQueryAsync(cancellationToken) == 1
                    ? true
                    : throw new InvalidOperationException($"No delivery record {record.Key}.");
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryRecord>> ListAllAsync(CancellationToken cancellationToken) =>
        ListAsync($"{Select} ORDER BY due_at, key COLLATE \"C\"", null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryRecord>> ListPendingAsync(CancellationToken cancellationToken) =>
        ListAsync($"{Select} WHERE status = 'Pending' ORDER BY due_at, key COLLATE \"C\"", null, cancellationToken);

    /// <inheritdoc />
    public Task<int> CountPendingAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(
            async connection =>
            {
                await using var command = Sql.Command(connection, "SELECT count(*) FROM deliveries WHERE status = 'Pending'");
                return checked((int)(long)(await command.ExecuteScalarAsync(cancellationToken))!);
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryRecord>> ListBySubjectAsync(string subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return ListAsync($"{Select} WHERE subject = @subject ORDER BY due_at, key COLLATE \"C\"", subject, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> DeleteDirectMessagesToAsync(ActorRef person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        return database.ReadAsync(
            async connection =>
            {
                await using var command = Sql.Command(connection, "DELETE FROM deliveries WHERE target_key = @target")
                    .With("target", new DirectTarget(person).Key);
                return await command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryRecord>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return database.ReadAsync<IReadOnlyList<DeliveryRecord>>(
            async connection =>
            {
                await using var command = Sql.Command(
                        connection,
                        $"""
                        UPDATE deliveries d SET claimed_by = @owner, lease_until = @until
                        FROM (SELECT key FROM deliveries
                              WHERE status = 'Pending' AND due_at <= @now AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
                                AND (claimed_by IS NULL OR claimed_by = @owner OR lease_until <= @now)
                              ORDER BY due_at, key COLLATE "C"
                              LIMIT @limit
                              FOR UPDATE SKIP LOCKED) due
                        WHERE d.key = due.key
                        RETURNING {string.Join(", ", DeliveryRows.Columns.Split(", ").Select(c => "d." + c.Trim()))}
                        """)
                    .With("owner", owner)
                    .With("now", now)
                    .With("until", now + lease)
                    .With("limit", Math.Max(0, limit));
                var claimed = await command.ListAsync(DeliveryRows.Read, cancellationToken);
                return [.. claimed.OrderBy(r => r.DueAt).ThenBy(r => r.Key, StringComparer.Ordinal)];
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<DeliveryClaim> TryClaimAsync(string key, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return database.ReadAsync(
            async connection =>
            {
                // One statement: of two instances claiming at once, the row lock lets one update and the other
                // re-check the condition against the committed claim and update nothing.
                await using var claim = Sql.Command(
                        connection,
                        $"""
                        UPDATE deliveries SET claimed_by = @owner, lease_until = @until
                        WHERE key = @key AND status = 'Pending' AND (claimed_by IS NULL OR claimed_by = @owner OR lease_until <= @now)
                        RETURNING {DeliveryRows.Columns}
                        """)
                    .With("key", key)
                    .With("owner", owner)
                    .With("now", now)
                    .With("until", now + lease);
                if ((await claim.ListAsync(DeliveryRows.Read, cancellationToken)).SingleOrDefault() is { } claimed)
                {
                    return new DeliveryClaim(true, claimed);
                }

                await using var look = Sql.Command(connection, $"SELECT {DeliveryRows.Columns}, claimed_by, lease_until FROM deliveries WHERE key = @key").With("key", key);
                var found = (await look.ListAsync(
                        r => (Record: DeliveryRows.Read(r), Owner: r.IsDBNull(r.FieldCount - 2) ? null : r.GetString(r.FieldCount - 2), Until: r.IsDBNull(r.FieldCount - 1) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(r.FieldCount - 1)),
                        cancellationToken))
                    .SingleOrDefault();
                return found.Record is null
                    ? new DeliveryClaim(false, null)
                    : new DeliveryClaim(false, found.Record, found.Record.Status == DeliveryStatus.Pending && found.Owner != owner && found.Until > now ? found.Until : null);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return database.ReadAsync(
            async connection =>
            {
                await using var command = Sql.Command(connection, "UPDATE deliveries SET claimed_by = NULL, lease_until = NULL WHERE key = @key AND claimed_by = @owner")
                    .With("key", key)
                    .With("owner", owner);
                return await command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
    }

    private Task<IReadOnlyList<DeliveryRecord>> ListAsync(string sql, string? subject, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<DeliveryRecord>>(
            async connection =>
            {
                await using var command = Sql.Command(connection, sql);
                if (subject is not null)
                {
                    command.With("subject", subject);
                }

                return await command.ListAsync(DeliveryRows.Read, cancellationToken);
            },
            cancellationToken);
}

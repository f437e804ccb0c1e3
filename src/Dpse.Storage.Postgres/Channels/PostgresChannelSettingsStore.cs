using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Identity;
using Dpse.Core.Writes;
using Dpse.Storage.Postgres.Audit;
using Npgsql;

namespace Dpse.Storage.Postgres.Channels;

/// <summary>Channel settings in table <c>channel_settings</c>, keyed by the channel key; <c>active</c> marks a digest or reminders.</summary>
public sealed class PostgresChannelSettingsStore(PostgresDatabase database) : IChannelSettingsStore
{
    /// <inheritdoc />
    public Task<ChannelSettings?> GetAsync(ChannelRef channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return database.ReadAsync(
            async connection =>
            {
                await using var command = Sql.Command(connection, "SELECT doc::text FROM channel_settings WHERE channel_key = @key").With("key", channel.Key);
                return (await command.ListAsync(r => Sql.FromJson<ChannelSettings>(r.GetString(0)), cancellationToken)).SingleOrDefault();
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult<ChannelSettings>> SetDigestAsync(ChannelRef channel, DigestSubscription? digest, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                var existing = await LockAsync(connection, transaction, channel, cancellationToken);
                if (digest is null)
                {
                    return existing?.Digest is null
                        ? new WriteResult<ChannelSettings>(WriteStatus.Unchanged, existing)
                        : await SaveAsync(connection, transaction, existing with { Digest = null, UpdatedAt = at }, audit, cancellationToken);
                }

                var kept = existing?.Digest is { } current ? digest with { Since = current.Since } : digest;
                return await SaveAsync(
                    connection,
                    transaction,
                    (existing ?? New(channel, at)) with { Digest = kept, DeliveryProblem = null, DeliveryProblemAt = null, UpdatedAt = at },
                    audit,
                    cancellationToken);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult<ChannelSettings>> SetRemindersAsync(ChannelRef channel, bool on, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            async (connection, transaction) => await LockAsync(connection, transaction, channel, cancellationToken) switch
            {
                { } existing when existing.RemindersOn == on => WriteResult<ChannelSettings>.Unchanged(existing),
                var existing => await SaveAsync(connection, transaction, (existing ?? New(channel, at)) with { RemindersOn = on, UpdatedAt = at }, audit, cancellationToken),
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> SetDeliveryProblemAsync(ChannelRef channel, string problem, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(problem);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                if (await LockAsync(connection, transaction, channel, cancellationToken) is not { } existing)
                {
                    return false;
                }

                await SaveAsync(connection, transaction, existing with { DeliveryProblem = problem, DeliveryProblemAt = at }, null, cancellationToken);
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChannelSettings>> ListActiveAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ChannelSettings>>(
            async connection =>
            {
                await using var command = Sql.Command(connection, "SELECT doc::text FROM channel_settings WHERE active ORDER BY channel_key COLLATE \"C\"");
                return await command.ListAsync(r => Sql.FromJson<ChannelSettings>(r.GetString(0)), cancellationToken);
            },
            cancellationToken);

    /// <summary>
    /// The channel's settings, or null, with the channel locked for the rest of the transaction. The lock is a
    /// transaction-scoped advisory lock on the channel key rather than a row lock, because the first setting of a
    /// channel has no row to lock yet: two first settings at once (digest and reminders) must not overwrite each other.
    /// </summary>
    private static async Task<ChannelSettings?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ChannelRef channel, CancellationToken cancellationToken)
    {
        await using (var lockCommand = Sql.Command(connection, "SELECT pg_advisory_xact_lock(hashtextextended('channel_settings:' || @key, 0))", transaction)
            .With("key", channel.Key))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = Sql.Command(connection, "SELECT doc::text FROM channel_settings WHERE channel_key = @key", transaction).With("key", channel.Key);
        return (await command.ListAsync(r => Sql.FromJson<ChannelSettings>(r.GetString(0)), cancellationToken)).SingleOrDefault();
    }

    private static ChannelSettings New(ChannelRef channel, DateTimeOffset at) => new() { Channel = channel, UpdatedAt = at };

    /// <summary>Writes <paramref name="settings"/> and, when given, its audit entry in the caller's transaction.</summary>
    private static async Task<WriteResult<ChannelSettings>> SaveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ChannelSettings settings, AuditEntry? audit, CancellationToken cancellationToken)
    {
        await using (var command = Sql.Command(
                connection,
                """
                INSERT INTO channel_settings (channel_key, doc, active) VALUES (@key, @doc, @active)
                ON CONFLICT (channel_key) DO UPDATE SET doc = excluded.doc, active = excluded.active, version = channel_settings.version + 1
                """,
                transaction)
            .With("key", settings.Channel.Key)
            .WithJson("doc", Sql.ToJson(settings))
            .With("active", settings.Digest is not null || settings.RemindersOn))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (audit is not null)
        {
            await AuditRows.AppendAsync(connection, transaction, audit, cancellationToken);
        }

        return WriteResult<ChannelSettings>.Done(settings);
    }
}

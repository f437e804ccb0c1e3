using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Identity;
using Dpse.Storage.Postgres.Audit;

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
    public Task SaveAsync(ChannelSettings settings, AuditEntry? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return database.WriteAsync(
            async (connection, transaction) =>
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
}

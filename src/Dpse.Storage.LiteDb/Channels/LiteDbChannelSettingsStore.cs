using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Identity;
using Dpse.Storage.LiteDb.Mapping;
using LiteDB;

namespace Dpse.Storage.LiteDb.Channels;

/// <summary>Channel settings in collection <c>channel_settings</c>, keyed by the channel key, indexed by whether active.</summary>
public sealed class LiteDbChannelSettingsStore(LiteDbDatabase database) : IChannelSettingsStore
{
    /// <inheritdoc />
    public Task<ChannelSettings?> GetAsync(ChannelRef channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return database.ReadAsync(
            db => db.GetCollection(Schema.Channels).FindById(channel.Key) is { } doc ? SettingsDocuments.ToChannelSettings(doc) : null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task SaveAsync(ChannelSettings settings, AuditEntry? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return database.WriteAsync(
            db =>
            {
                db.GetCollection(Schema.Channels).Upsert(SettingsDocuments.ToDocument(settings));
                if (audit is not null)
                {
                    AuditDocuments.Append(db, audit);
                }

                return true;
            },
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChannelSettings>> ListActiveAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ChannelSettings>>(
            db =>
            [
                .. db.GetCollection(Schema.Channels)
                    .Find(Query.EQ("active", true))
                    .Select(SettingsDocuments.ToChannelSettings)
                    .OrderBy(s => s.Channel.Key, StringComparer.Ordinal),
            ],
            cancellationToken);
}

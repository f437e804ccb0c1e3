using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Identity;
using Dpse.Core.Writes;
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
    public Task<WriteResult<ChannelSettings>> SetDigestAsync(ChannelRef channel, DigestSubscription? digest, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            db =>
            {
                var existing = Find(db, channel);
                if (digest is null)
                {
                    return existing?.Digest is null
                        ? new WriteResult<ChannelSettings>(WriteStatus.Unchanged, existing)
                        : Save(db, existing with { Digest = null, UpdatedAt = at }, audit);
                }

                var kept = existing?.Digest is { } current ? digest with { Since = current.Since } : digest;
                return Save(db, (existing ?? New(channel, at)) with { Digest = kept, DeliveryProblem = null, DeliveryProblemAt = null, UpdatedAt = at }, audit);
            },
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteResult<ChannelSettings>> SetRemindersAsync(ChannelRef channel, bool on, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(audit);
        return database.WriteAsync(
            db => Find(db, channel) switch
            {
                { } existing when existing.RemindersOn == on => WriteResult<ChannelSettings>.Unchanged(existing),
                var existing => Save(db, (existing ?? New(channel, at)) with { RemindersOn = on, UpdatedAt = at }, audit),
            },
            null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> SetDeliveryProblemAsync(ChannelRef channel, string problem, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(problem);
        return database.WriteAsync(
            db =>
            {
                if (Find(db, channel) is not { } existing)
                {
                    return false;
                }

                db.GetCollection(Schema.Channels).Update(SettingsDocuments.ToDocument(existing with { DeliveryProblem = problem, DeliveryProblemAt = at }));
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

    private static ChannelSettings? Find(LiteDatabase db, ChannelRef channel) =>
        db.GetCollection(Schema.Channels).FindById(channel.Key) is { } doc ? SettingsDocuments.ToChannelSettings(doc) : null;

    private static ChannelSettings New(ChannelRef channel, DateTimeOffset at) => new() { Channel = channel, UpdatedAt = at };

    private static WriteResult<ChannelSettings> Save(LiteDatabase db, ChannelSettings settings, AuditEntry audit)
    {
        var doc = SettingsDocuments.ToDocument(settings);
        db.GetCollection(Schema.Channels).Upsert(doc);
        AuditDocuments.Append(db, audit);
        return WriteResult<ChannelSettings>.Done(SettingsDocuments.ToChannelSettings(doc));
    }
}

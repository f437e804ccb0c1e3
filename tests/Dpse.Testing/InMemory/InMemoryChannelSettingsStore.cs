using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Identity;
using Dpse.Core.Writes;

namespace Dpse.Testing.InMemory;

/// <summary>Channel settings in a dictionary keyed by <see cref="ChannelRef.Key"/>. Thread-safe.</summary>
public sealed class InMemoryChannelSettingsStore(InMemoryAuditLog auditLog) : IChannelSettingsStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, ChannelSettings> _settings = new(StringComparer.Ordinal);

    /// <summary>A store with its own audit log.</summary>
    public InMemoryChannelSettingsStore()
        : this(new InMemoryAuditLog())
    {
    }

    /// <summary>The audit log this store writes to.</summary>
    public InMemoryAuditLog Audit { get; } = auditLog;

    /// <inheritdoc />
    public Task<ChannelSettings?> GetAsync(ChannelRef channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_settings.GetValueOrDefault(channel.Key));
        }
    }

    /// <inheritdoc />
    public Task<WriteResult<ChannelSettings>> SetDigestAsync(ChannelRef channel, DigestSubscription? digest, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(audit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var existing = _settings.GetValueOrDefault(channel.Key);
            if (digest is null)
            {
                return Task.FromResult(existing?.Digest is null
                    ? new WriteResult<ChannelSettings>(WriteStatus.Unchanged, existing)
                    : Write(existing with { Digest = null, UpdatedAt = at }, audit));
            }

            var kept = existing?.Digest is { } current ? digest with { Since = current.Since } : digest;
            return Task.FromResult(Write(
                (existing ?? New(channel, at)) with { Digest = kept, DeliveryProblem = null, DeliveryProblemAt = null, UpdatedAt = at },
                audit));
        }
    }

    /// <inheritdoc />
    public Task<WriteResult<ChannelSettings>> SetRemindersAsync(ChannelRef channel, bool on, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(audit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var existing = _settings.GetValueOrDefault(channel.Key);
            return Task.FromResult((existing?.RemindersOn ?? false) == on && existing is not null
                ? WriteResult<ChannelSettings>.Unchanged(existing)
                : Write((existing ?? New(channel, at)) with { RemindersOn = on, UpdatedAt = at }, audit));
        }
    }

    /// <inheritdoc />
    public Task<bool> SetDeliveryProblemAsync(ChannelRef channel, string problem, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(problem);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_settings.GetValueOrDefault(channel.Key) is not { } existing)
            {
                return Task.FromResult(false);
            }

            _settings[channel.Key] = existing with { DeliveryProblem = problem, DeliveryProblemAt = at };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChannelSettings>> ListActiveAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<ChannelSettings> result = [.. _settings.Values.Where(s => s.Digest is not null || s.RemindersOn)];
            return Task.FromResult(result);
        }
    }

    private static ChannelSettings New(ChannelRef channel, DateTimeOffset at) => new() { Channel = channel, UpdatedAt = at };

    private WriteResult<ChannelSettings> Write(ChannelSettings settings, AuditEntry audit)
    {
        var stored = Copy(settings);
        _settings[settings.Channel.Key] = stored;
        Audit.Record(audit);
        return WriteResult<ChannelSettings>.Done(stored);
    }

    private static ChannelSettings Copy(ChannelSettings settings) => settings.Digest is not { } digest
        ? settings
        : settings with { Digest = digest with { Tags = [.. digest.Tags], Sectors = [.. digest.Sectors], Outcomes = [.. digest.Outcomes] } };
}

using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Identity;

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
    public Task SaveAsync(ChannelSettings settings, AuditEntry? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _settings[settings.Channel.Key] = Copy(settings);
            if (audit is not null)
            {
                Audit.Record(audit);
            }

            return Task.CompletedTask;
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

    private static ChannelSettings Copy(ChannelSettings settings) => settings.Digest is not { } digest
        ? settings
        : settings with { Digest = digest with { Tags = [.. digest.Tags], Sectors = [.. digest.Sectors], Outcomes = [.. digest.Outcomes] } };
}

using Dpse.Core.Audit;
using Dpse.Core.Identity;

namespace Dpse.Core.Channels;

/// <summary>Per-channel settings. Implementations must pass <c>ChannelSettingsStoreContract</c> in Dpse.Testing.</summary>
public interface IChannelSettingsStore
{
    /// <summary>The settings for a channel, or null if it never configured anything.</summary>
    Task<ChannelSettings?> GetAsync(ChannelRef channel, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces a channel's settings. <paramref name="audit"/> is null for system writes (delivery problems).</summary>
    Task SaveAsync(ChannelSettings settings, AuditEntry? audit, CancellationToken cancellationToken);

    /// <summary>Every channel with a digest subscription or reminders on.</summary>
    Task<IReadOnlyList<ChannelSettings>> ListActiveAsync(CancellationToken cancellationToken);
}

using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Events;
using Dpse.Core.Members;
using Dpse.Core.Stories;

namespace Dpse.Testing.Contracts;

/// <summary>
/// One provider's store ports over one fresh, empty database, as a contract test needs them: the audit log must be
/// the one the stores write their entries to. Disposing it releases the database (file, connection, schema).
/// </summary>
public sealed class ContractStores(
    IStoryStore stories,
    IEventStore events,
    IChannelSettingsStore channelSettings,
    IMemberSettingsStore memberSettings,
    IAuditLog audit,
    Func<ValueTask>? dispose = null) : IAsyncDisposable
{
    /// <summary>Stories.</summary>
    public IStoryStore Stories { get; } = stories;

    /// <summary>Events.</summary>
    public IEventStore Events { get; } = events;

    /// <summary>Channel settings.</summary>
    public IChannelSettingsStore ChannelSettings { get; } = channelSettings;

    /// <summary>Member settings.</summary>
    public IMemberSettingsStore MemberSettings { get; } = memberSettings;

    /// <summary>The audit log the stores above record into.</summary>
    public IAuditLog Audit { get; } = audit;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => dispose?.Invoke() ?? ValueTask.CompletedTask;
}

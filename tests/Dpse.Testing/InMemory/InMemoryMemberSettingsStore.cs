using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Core.Members;

namespace Dpse.Testing.InMemory;

/// <summary>Member settings in a dictionary keyed by <see cref="ActorRef.Key"/>. Thread-safe.</summary>
public sealed class InMemoryMemberSettingsStore(InMemoryAuditLog auditLog) : IMemberSettingsStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MemberSettings> _settings = new(StringComparer.Ordinal);

    /// <summary>A store with its own audit log.</summary>
    public InMemoryMemberSettingsStore()
        : this(new InMemoryAuditLog())
    {
    }

    /// <summary>The audit log this store writes to.</summary>
    public InMemoryAuditLog Audit { get; } = auditLog;

    /// <inheritdoc />
    public Task<MemberSettings?> GetAsync(ActorRef person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_settings.GetValueOrDefault(person.Key));
        }
    }

    /// <inheritdoc />
    public Task SaveAsync(MemberSettings settings, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(audit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _settings[settings.Person.Key] = settings;
            Audit.Record(audit);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(ActorRef person, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(audit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _settings.Remove(person.Key);
            Audit.Record(audit);
            return Task.CompletedTask;
        }
    }
}

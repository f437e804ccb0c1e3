using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Core.Members;
using Dpse.Core.Privacy;
using Dpse.Core.Writes;

namespace Dpse.Testing.InMemory;

/// <summary>Member settings in a dictionary keyed by <see cref="ActorRef.Key"/>. Thread-safe.</summary>
public sealed class InMemoryMemberSettingsStore(InMemoryAuditLog auditLog) : IMemberSettingsStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MemberSettings> _settings = new(StringComparer.Ordinal);

    // Erased people by key, with the instant of their latest erasure (a fake may keep the key; real stores keep a fingerprint).
    private readonly Dictionary<string, DateTimeOffset> _erasures = new(StringComparer.Ordinal);

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
    public Task<IReadOnlyList<MemberSettings>> ListAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<MemberSettings>>([.. _settings.Values.OrderBy(s => s.Person.Key, StringComparer.Ordinal)]);
        }
    }

    /// <inheritdoc />
    public Task<WriteResult<MemberSettings>> SetReminderDirectMessagesAsync(ActorRef person, bool on, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(audit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var existing = _settings.GetValueOrDefault(person.Key);
            if (_erasures.TryGetValue(person.Key, out var erasedAt) && erasedAt >= at)
            {
                return Task.FromResult(WriteResult<MemberSettings>.Erased(existing));
            }

            if (existing is not null && existing.ReminderDirectMessages == on)
            {
                return Task.FromResult(WriteResult<MemberSettings>.Unchanged(existing));
            }

            var stored = new MemberSettings(person, on, at);
            _settings[person.Key] = stored;
            Audit.Record(audit);
            return Task.FromResult(WriteResult<MemberSettings>.Done(stored));
        }
    }

    /// <inheritdoc />
    public Task<ErasedCounts> ForgetPersonAsync(PersonErasure erasure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var removed = _settings.Remove(erasure.Person.Key);
            if (removed)
            {
                Audit.Record(erasure.Entry("member"));
            }

            _erasures[erasure.Person.Key] = _erasures.TryGetValue(erasure.Person.Key, out var earlier) && earlier > erasure.At ? earlier : erasure.At;
            return Task.FromResult(new ErasedCounts(0, removed ? 1 : 0));
        }
    }
}

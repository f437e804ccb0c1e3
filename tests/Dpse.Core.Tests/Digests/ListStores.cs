using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Members;
using Dpse.Core.Privacy;
using Dpse.Core.Stories;
using Dpse.Core.Writes;

namespace Dpse.Core.Tests.Digests;

/// <summary>List-backed story, event, channel and member stores: just enough for digests and reminders. Thread-safe.</summary>
internal sealed class ListStores : IStoryStore, IEventStore, IChannelSettingsStore, IMemberSettingsStore
{
    private readonly Lock _gate = new();
    private readonly List<Story> _stories = [];
    private readonly List<CommunityEvent> _events = [];
    private readonly Dictionary<ChannelRef, ChannelSettings> _channels = [];
    private readonly Dictionary<ActorRef, MemberSettings> _members = [];

    public Story Add(Story story)
    {
        lock (_gate)
        {
            var numbered = story with { Number = _stories.Count + 1 };
            _stories.Add(numbered);
            return numbered;
        }
    }

    public CommunityEvent Add(CommunityEvent e)
    {
        lock (_gate)
        {
            var numbered = e with { Number = _events.Count + 1 };
            _events.Add(numbered);
            return numbered;
        }
    }

    public void Replace(CommunityEvent e)
    {
        lock (_gate)
        {
            _events[e.Number - 1] = e;
        }
    }

    public void Save(ChannelSettings settings)
    {
        lock (_gate)
        {
            _channels[settings.Channel] = settings;
        }
    }

    public void Save(MemberSettings settings)
    {
        lock (_gate)
        {
            _members[settings.Person] = settings;
        }
    }

    public CommunityEvent Event(int number)
    {
        lock (_gate)
        {
            return _events[number - 1];
        }
    }

    public ChannelSettings? Channel(ChannelRef channel)
    {
        lock (_gate)
        {
            return _channels.GetValueOrDefault(channel);
        }
    }

    public Task<IReadOnlyList<Story>> ListCreatedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Read<Story>(() => [.. _stories.Where(s => s.CreatedAt >= from && s.CreatedAt < to).OrderBy(s => s.CreatedAt)]);

    public Task<IReadOnlyList<Story>> ListCelebratedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Read<Story>(() => [.. _stories.Where(s => s.Status == ContentStatus.Published && s.Celebrations.Any(c => c.At >= from && c.At < to))]);

    public Task<IReadOnlyList<CommunityEvent>> ListStartingBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Read<CommunityEvent>(() => [.. _events.Where(e => e.StartUtc >= from && e.StartUtc < to).OrderBy(e => e.StartUtc)]);

    public Task<ChannelSettings?> GetAsync(ChannelRef channel, CancellationToken cancellationToken) => Task.FromResult(Channel(channel));

    public Task<WriteResult<ChannelSettings>> SetDigestAsync(ChannelRef channel, DigestSubscription? digest, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken) =>
        SaveChannel(channel, c => c with { Digest = digest, UpdatedAt = at }, at);

    public Task<WriteResult<ChannelSettings>> SetRemindersAsync(ChannelRef channel, bool on, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken) =>
        SaveChannel(channel, c => c with { RemindersOn = on, UpdatedAt = at }, at);

    public async Task<bool> SetDeliveryProblemAsync(ChannelRef channel, string problem, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (Channel(channel) is null)
        {
            return false;
        }

        await SaveChannel(channel, c => c with { DeliveryProblem = problem, DeliveryProblemAt = at }, at);
        return true;
    }

    private Task<WriteResult<ChannelSettings>> SaveChannel(ChannelRef channel, Func<ChannelSettings, ChannelSettings> change, DateTimeOffset at)
    {
        lock (_gate)
        {
            var updated = change(_channels.GetValueOrDefault(channel) ?? new ChannelSettings { Channel = channel, UpdatedAt = at });
            _channels[channel] = updated;
            return Task.FromResult(WriteResult<ChannelSettings>.Done(updated));
        }
    }

    public Task<IReadOnlyList<ChannelSettings>> ListActiveAsync(CancellationToken cancellationToken) =>
        Read<ChannelSettings>(() => [.. _channels.Values.Where(c => c.Digest is not null || c.RemindersOn)]);

    public Task<MemberSettings?> GetAsync(ActorRef person, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_members.GetValueOrDefault(person));
        }
    }

    public Task<WriteResult<MemberSettings>> SetReminderDirectMessagesAsync(ActorRef person, bool on, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken)
    {
        var settings = new MemberSettings(person, on, at);
        Save(settings);
        return Task.FromResult(WriteResult<MemberSettings>.Done(settings));
    }

    Task<IReadOnlyList<MemberSettings>> IMemberSettingsStore.ListAllAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<MemberSettings>>([.. _members.Values]);
        }
    }

    Task<ErasedCounts> IMemberSettingsStore.ForgetPersonAsync(PersonErasure erasure, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<ErasedCounts> IStoryStore.ForgetPersonAsync(PersonErasure erasure, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<ErasedCounts> IEventStore.ForgetPersonAsync(PersonErasure erasure, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<Story?> IStoryStore.GetAsync(int number, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_stories.FirstOrDefault(s => s.Number == number));
        }
    }

    Task<CommunityEvent?> IEventStore.GetAsync(int number, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_events.FirstOrDefault(e => e.Number == number));
        }
    }

    public Task<Story> AddAsync(Story draft, AuditEntry audit, CancellationToken cancellationToken) => Task.FromResult(Add(draft));

    public Task<CommunityEvent> AddAsync(CommunityEvent draft, AuditEntry audit, CancellationToken cancellationToken) => Task.FromResult(Add(draft));

    public Task<WriteResult<Story>> UpdateContentAsync(Story edited, AuditEntry audit, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<WriteResult<Story>> IStoryStore.SetStatusAsync(int number, ContentStatus status, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<WriteResult<CommunityEvent>> UpdateDetailsAsync(CommunityEvent edited, AuditEntry audit, CancellationToken cancellationToken) =>
        ChangeEvent(edited.Number, _ => edited with { Version = edited.Version + 1 });

    Task<WriteResult<CommunityEvent>> IEventStore.SetStatusAsync(int number, ContentStatus status, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken) =>
        ChangeEvent(number, e => e with { Status = status, UpdatedAt = at });

    public Task<WriteResult<CommunityEvent>> CancelAsync(int number, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken) =>
        ChangeEvent(number, e => e with { Cancelled = true, UpdatedAt = at });

    public Task<WriteResult<Story>> CelebrateAsync(int number, Celebration celebration, AuditEntry audit, CancellationToken cancellationToken) => throw new NotSupportedException();

    private Task<WriteResult<CommunityEvent>> ChangeEvent(int number, Func<CommunityEvent, CommunityEvent> change)
    {
        lock (_gate)
        {
            var updated = change(_events[number - 1]);
            _events[number - 1] = updated;
            return Task.FromResult(WriteResult<CommunityEvent>.Done(updated));
        }
    }

    public Task<StoryPage> SearchAsync(StoryQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<IReadOnlyList<Story>> IStoryStore.ListInvolvingAsync(ActorRef person, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<IReadOnlyList<Story>> IStoryStore.ListAllAsync(CancellationToken cancellationToken) => Read<Story>(() => [.. _stories]);

    public Task ImportAsync(IReadOnlyList<Story> stories, AuditEntry audit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> CountAsync(CancellationToken cancellationToken) => Task.FromResult(_stories.Count);

    public Task<WriteResult<CommunityEvent>> SetRsvpAsync(int number, Rsvp rsvp, AuditEntry audit, CancellationToken cancellationToken) =>
        ChangeEvent(number, e => e with { Rsvps = [.. e.Rsvps.Where(r => r.Person != rsvp.Person), rsvp] });

    Task<IReadOnlyList<CommunityEvent>> IEventStore.ListInvolvingAsync(ActorRef person, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<IReadOnlyList<CommunityEvent>> IEventStore.ListAllAsync(CancellationToken cancellationToken) => Read<CommunityEvent>(() => [.. _events]);

    public Task ImportAsync(IReadOnlyList<CommunityEvent> events, AuditEntry audit, CancellationToken cancellationToken) => throw new NotSupportedException();

    private Task<IReadOnlyList<T>> Read<T>(Func<List<T>> read)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<T>>(read());
        }
    }
}

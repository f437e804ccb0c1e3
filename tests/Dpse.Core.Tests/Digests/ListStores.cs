using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Stories;

namespace Dpse.Core.Tests.Digests;

/// <summary>List-backed story, event and channel stores: just enough for composing digests.</summary>
internal sealed class ListStores : IStoryStore, IEventStore, IChannelSettingsStore
{
    public List<Story> Stories { get; } = [];

    public List<CommunityEvent> Events { get; } = [];

    public Dictionary<ChannelRef, ChannelSettings> Channels { get; } = [];

    public Story Add(Story story)
    {
        var numbered = story with { Number = Stories.Count + 1 };
        Stories.Add(numbered);
        return numbered;
    }

    public CommunityEvent Add(CommunityEvent e)
    {
        var numbered = e with { Number = Events.Count + 1 };
        Events.Add(numbered);
        return numbered;
    }

    public Task<IReadOnlyList<Story>> ListCreatedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Story>>([.. Stories.Where(s => s.CreatedAt >= from && s.CreatedAt < to).OrderBy(s => s.CreatedAt)]);

    public Task<IReadOnlyList<Story>> ListCelebratedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Story>>([.. Stories.Where(s => s.Status == ContentStatus.Published && s.Celebrations.Any(c => c.At >= from && c.At < to))]);

    public Task<IReadOnlyList<CommunityEvent>> ListStartingBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CommunityEvent>>([.. Events.Where(e => e.StartUtc >= from && e.StartUtc < to).OrderBy(e => e.StartUtc)]);

    public Task<ChannelSettings?> GetAsync(ChannelRef channel, CancellationToken cancellationToken) =>
        Task.FromResult(Channels.GetValueOrDefault(channel));

    public Task SaveAsync(ChannelSettings settings, AuditEntry? audit, CancellationToken cancellationToken)
    {
        Channels[settings.Channel] = settings;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ChannelSettings>> ListActiveAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ChannelSettings>>([.. Channels.Values.Where(c => c.Digest is not null || c.RemindersOn)]);

    Task<Story?> IStoryStore.GetAsync(int number, CancellationToken cancellationToken) => Task.FromResult(Stories.FirstOrDefault(s => s.Number == number));

    Task<CommunityEvent?> IEventStore.GetAsync(int number, CancellationToken cancellationToken) => Task.FromResult(Events.FirstOrDefault(e => e.Number == number));

    public Task<Story> AddAsync(Story draft, AuditEntry audit, CancellationToken cancellationToken) => Task.FromResult(Add(draft));

    public Task<CommunityEvent> AddAsync(CommunityEvent draft, AuditEntry audit, CancellationToken cancellationToken) => Task.FromResult(Add(draft));

    public Task UpdateAsync(Story story, AuditEntry audit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task UpdateAsync(CommunityEvent communityEvent, AuditEntry audit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> CelebrateAsync(int number, Celebration celebration, AuditEntry audit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<StoryPage> SearchAsync(StoryQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<IReadOnlyList<Story>> IStoryStore.ListInvolvingAsync(ActorRef person, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<IReadOnlyList<Story>> IStoryStore.ListAllAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Story>>(Stories);

    public Task ImportAsync(IReadOnlyList<Story> stories, AuditEntry audit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> CountAsync(CancellationToken cancellationToken) => Task.FromResult(Stories.Count);

    public Task<CommunityEvent?> SetRsvpAsync(int number, Rsvp rsvp, AuditEntry audit, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<IReadOnlyList<CommunityEvent>> IEventStore.ListInvolvingAsync(ActorRef person, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<IReadOnlyList<CommunityEvent>> IEventStore.ListAllAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<CommunityEvent>>(Events);

    public Task ImportAsync(IReadOnlyList<CommunityEvent> events, AuditEntry audit, CancellationToken cancellationToken) => throw new NotSupportedException();
}

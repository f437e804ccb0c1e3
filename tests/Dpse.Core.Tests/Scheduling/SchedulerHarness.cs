using Dpse.Core.Channels;
using Dpse.Core.Deliveries;
using Dpse.Core.Digests;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Members;
using Dpse.Core.Reminders;
using Dpse.Core.Scheduling;
using Dpse.Core.Sending;
using Dpse.Core.Stories;
using Dpse.Core.Tests.Digests;
using Dpse.Testing.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Core.Tests.Scheduling;

/// <summary>
/// The scheduler over list stores, an in-memory outbox and recording senders, on a fake clock. A "restart" builds a
/// new scheduler (new signal, state, composer...) over the same stores, as a new process on the same file would.
/// </summary>
internal sealed class SchedulerHarness : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60); // only how long a real failure takes to report
    private DeliveryScheduler? _scheduler;
    private ScheduleSignal _signal = new();

    public SchedulerHarness(DateTimeOffset start, bool discordHonoursNonce = true)
    {
        Time = new FakeTimeProvider(start);
        Discord = new RecordingMessageSender(Platforms.Discord, Time) { HonoursNonce = discordHonoursNonce };
        Slack = new RecordingMessageSender(Platforms.Slack, Time);
    }

    public static ActorRef Organiser { get; } = new(Platforms.Slack, "T1", "U-org");

    public FakeTimeProvider Time { get; }

    public ListStores Stores { get; } = new();

    public InMemoryDeliveryStore Deliveries { get; } = new();

    public RecordingMessageSender Discord { get; }

    public RecordingMessageSender Slack { get; }

    public ExchangeOptions Options { get; } = new();

    /// <summary>What the schedulers log, across restarts.</summary>
    public FakeLogCollector SchedulerLog { get; } = new();

    public SchedulerState State { get; private set; } = new();

    private IEventChanges Changes => new EventChangeNotices(Deliveries, _signal, Time);

    public DateTimeOffset Now => Time.GetUtcNow();

    public IReadOnlyList<SentMessage> Posted => [.. Discord.Posted.Concat(Slack.Posted).OrderBy(p => p.At)];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task StartAsync()
    {
        State = new SchedulerState();
        _signal = new ScheduleSignal(State); // as the host wires them: a change marks the scheduler awake at once
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        var composer = new DigestComposer(Stores, Stores, Stores, Deliveries, Time, options);
        var planner = new ReminderPlanner(Stores, Stores, options);
        var outbox = new OutboxSender(Deliveries, Stores, Stores, composer, [Discord, Slack], Time, options, NullLogger<OutboxSender>.Instance);
        _scheduler = new DeliveryScheduler(Deliveries, Stores, Stores, composer, planner, outbox, _signal, State, Time, options, new FakeLogger<DeliveryScheduler>(SchedulerLog));
        await _scheduler.StartAsync(Ct);
        await State.WaitForPassAsync(0, Ct).WaitAsync(Bound, Ct);
    }

    public async Task StopAsync()
    {
        if (_scheduler is { } scheduler)
        {
            _scheduler = null;
            await scheduler.StopAsync(Ct).WaitAsync(Bound, Ct);
            scheduler.Dispose();
        }
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>Moves the clock to <paramref name="target"/>, stopping at every due moment on the way and letting the scheduler settle.</summary>
    public async Task AdvanceToAsync(DateTimeOffset target)
    {
        while (_scheduler is not null && State.NextDue is { } due && due <= target)
        {
            var passes = State.Passes;
            if (due > Now)
            {
                Time.SetUtcNow(due);
            }

            await State.WaitForPassAsync(passes, Ct).WaitAsync(Bound, Ct);
        }

        if (target > Now)
        {
            Time.SetUtcNow(target);
        }
    }

    public Task AdvanceAsync(TimeSpan by) => AdvanceToAsync(Now + by);

    /// <summary>Signals a change and waits for the pass it causes.</summary>
    public async Task ChangedAsync()
    {
        var passes = State.Passes;
        _signal.Changed();
        await State.WaitForPassAsync(passes, Ct).WaitAsync(Bound, Ct);
    }

    /// <summary>Tells the scheduler about an event change, as the handlers do, and waits for the pass it causes.</summary>
    public async Task EventChangedAsync(Func<IEventChanges, CancellationToken, Task> change)
    {
        var passes = State.Passes;
        await change(Changes, Ct);
        await State.WaitForPassAsync(passes, Ct).WaitAsync(Bound, Ct);
    }

    public async Task<ChannelRef> SubscribeAsync(string platform, string id, DayOfWeek day = DayOfWeek.Monday, int hour = 9, string zone = "Europe/London", bool reminders = false)
    {
        var channel = new ChannelRef(platform, "W1", id);
        Stores.Save(new ChannelSettings
        {
            Channel = channel,
            Digest = new DigestSubscription { Day = day, Time = new TimeOnly(hour, 0), TimeZone = zone, Since = Now },
            RemindersOn = reminders,
            UpdatedAt = Now,
        });
        await ChangedAsync();
        return channel;
    }

    public async Task<ChannelRef> RemindersOnAsync(string platform, string id)
    {
        var channel = new ChannelRef(platform, "W1", id);
        Stores.Save(new ChannelSettings { Channel = channel, RemindersOn = true, UpdatedAt = Now });
        await ChangedAsync();
        return channel;
    }

    public Story ShareStory(string title, DateTimeOffset? at = null, StoryOutcome outcome = StoryOutcome.Success) =>
        Stores.Add(new Story
        {
            Outcome = outcome,
            Title = title,
            Summary = "A summary.",
            Author = Organiser,
            AuthorName = "Org",
            CreatedAt = at ?? Now,
            UpdatedAt = at ?? Now,
        });

    public async Task<CommunityEvent> AddEventAsync(string title, DateTimeOffset start, ChannelRef? origin, IReadOnlyList<TimeSpan>? offsets = null)
    {
        var e = Stores.Add(new CommunityEvent
        {
            Title = title,
            StartUtc = start,
            LocalStart = "x",
            TimeZone = "Europe/London",
            Organiser = Organiser,
            OrganiserName = "Org",
            Origin = origin,
            ReminderOffsets = offsets,
            CreatedAt = Now,
            UpdatedAt = Now,
        });
        await ChangedAsync();
        return e;
    }

    public async Task RsvpAsync(CommunityEvent e, ActorRef person, RsvpStatus status, bool dm)
    {
        Stores.Save(new MemberSettings(person, dm, Now));
        await Stores.SetRsvpAsync(e.Number, new Rsvp(person, person.UserId, status, Now), null!, Ct);
        await ChangedAsync();
    }

    public CommunityEvent Event(int number) => Stores.Event(number);

    public IReadOnlyList<DeliveryRecord> Records(DeliveryKind kind) => [.. Deliveries.All.Where(r => r.Kind == kind)];

    public static DeliveryTarget To(ChannelRef channel) => new ChannelTarget(channel);

    public static DeliveryTarget To(ActorRef person) => new DirectTarget(person);

    public async ValueTask DisposeAsync() => await StopAsync();
}

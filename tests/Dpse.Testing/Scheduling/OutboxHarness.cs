using Dpse.Core;
using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Deliveries;
using Dpse.Core.Digests;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Reminders;
using Dpse.Core.Scheduling;
using Dpse.Core.Sending;
using Dpse.Core.Stories;
using Dpse.Testing.InMemory;
using Dpse.Testing.Time;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Dpse.Testing.Scheduling;

/// <summary>
/// The real scheduler and outbox over in-memory stores, posting through real platform senders (aimed at loopback
/// fakes) on a <see cref="FakeTimeProvider"/>. A restart builds a new scheduler over the same stores, as a new process
/// on the same file would. Move the clock only through <see cref="RunUntilAsync"/>, which never moves it while a
/// request is in flight.
/// </summary>
public sealed class OutboxHarness(FakeTimeProvider time, IdleGate idle, params IMessageSender[] senders) : IAsyncDisposable
{
    /// <summary>Monday 23 November 2026, 09:00 in London (GMT): when the subscribed digests fall due.</summary>
    public static readonly DateTimeOffset DigestDue = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static readonly ActorRef Organiser = new(Platforms.Slack, "T1", "U-org");
    private DeliveryScheduler? _scheduler;
    private ScheduleSignal _signal = new();

    /// <summary>The stores.</summary>
    public InMemoryExchangeStores Stores { get; } = new();

    /// <summary>The outbox.</summary>
    public InMemoryDeliveryStore Deliveries { get; } = new();

    /// <summary>The scheduler's state (passes, deliveries in flight).</summary>
    public SchedulerState State { get; private set; } = new();

    /// <summary>The fake clock.</summary>
    public FakeTimeProvider Time => time;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts a scheduler and waits for its first pass (not for the sends it started).</summary>
    public async Task StartAsync()
    {
        _signal = new ScheduleSignal();
        State = new SchedulerState();
        var options = Microsoft.Extensions.Options.Options.Create(new ExchangeOptions());
        var composer = new DigestComposer(Stores.Stories, Stores.Events, Stores.ChannelSettings, Deliveries, time, options);
        var planner = new ReminderPlanner(Stores.ChannelSettings, Stores.MemberSettings, options);
        var outbox = new OutboxSender(Deliveries, Stores.Events, Stores.ChannelSettings, composer, senders, time, options, NullLogger<OutboxSender>.Instance);
        _scheduler = new DeliveryScheduler(Deliveries, Stores.Events, Stores.ChannelSettings, composer, planner, outbox, _signal, State, time, options, NullLogger<DeliveryScheduler>.Instance);
        await _scheduler.StartAsync(Ct);
        await State.WaitForPassAsync(0, includeDeliveries: false, Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
    }

    /// <summary>Stops the scheduler (sends in flight are cancelled), as a process exit would.</summary>
    public async Task StopAsync()
    {
        if (_scheduler is { } scheduler)
        {
            _scheduler = null;
            await scheduler.StopAsync(Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
            scheduler.Dispose();
        }
    }

    /// <summary>A channel with the weekly digest on Mondays 09:00 London since now, and reminders on if asked.</summary>
    public async Task<ChannelRef> SubscribeAsync(string platform, string workspace, string id, bool reminders = false)
    {
        var channel = new ChannelRef(platform, workspace, id);
        var now = time.GetUtcNow();
        var moderator = new ActorRef(platform, workspace, "moderator");
        await Stores.ChannelSettings.SetDigestAsync(
            channel,
            new DigestSubscription { Day = DayOfWeek.Monday, Time = new TimeOnly(9, 0), TimeZone = "Europe/London", Since = now },
            now,
            new AuditEntry(now, moderator, "Moderator", "digest.subscribe", channel.Key),
            Ct);
        if (reminders)
        {
            await Stores.ChannelSettings.SetRemindersAsync(channel, true, now, new AuditEntry(now, moderator, "Moderator", "reminders.on", channel.Key), Ct);
        }

        return channel;
    }

    /// <summary>A published story shared now, so digests have something to say.</summary>
    public Task<Story> ShareStoryAsync(string title) => Stores.Stories.AddAsync(
        new Story { Outcome = StoryOutcome.Success, Title = title, Summary = "A summary.", Author = Organiser, AuthorName = "Org", CreatedAt = time.GetUtcNow(), UpdatedAt = time.GetUtcNow() },
        Audit("story share"),
        Ct);

    /// <summary>An event in <paramref name="origin"/> with one reminder offset.</summary>
    public Task<CommunityEvent> AddEventAsync(string title, DateTimeOffset start, ChannelRef origin, TimeSpan offset) => Stores.Events.AddAsync(
        new CommunityEvent
        {
            Title = title,
            StartUtc = start,
            LocalStart = "x",
            TimeZone = "Europe/London",
            Organiser = Organiser,
            OrganiserName = "Org",
            Origin = origin,
            ReminderOffsets = [offset],
            CreatedAt = time.GetUtcNow(),
            UpdatedAt = time.GetUtcNow(),
        },
        Audit("event add"),
        Ct);

    /// <summary>Tells the scheduler stored state changed and waits for the pass (not the sends).</summary>
    public async Task ChangedAsync()
    {
        var passes = State.Passes;
        _signal.Changed();
        await State.WaitForPassAsync(passes, includeDeliveries: false, Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
    }

    /// <summary>
    /// Sets the clock to <paramref name="at"/> (nothing may be in flight) and waits for the pass that wakes; the sends
    /// it starts are then driven by <see cref="RunUntilAsync"/>.
    /// </summary>
    public async Task JumpToAsync(DateTimeOffset at)
    {
        await RunUntilAsync(() => State.DeliveriesInFlight == 0, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        var passes = State.Passes;
        Assert.True(idle.TryMove(() => time.SetUtcNow(at)), "a request was in flight");
        await State.WaitForPassAsync(passes, includeDeliveries: false, Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
    }

    /// <summary>
    /// Moves the clock in <paramref name="step"/>s, each only once no request is in flight and none has started for a
    /// moment (the code under test is waiting on the clock), until <paramref name="done"/> holds; fails after
    /// <paramref name="limit"/> of fake time. Returns the fake time moved.
    /// </summary>
    public Task<TimeSpan> RunUntilAsync(Func<bool> done, TimeSpan step, TimeSpan limit, Func<string>? describe = null) =>
        IdleClock.AdvanceUntilAsync(time, idle, done, step, limit, Ct, () => $"{describe?.Invoke()}\nOutbox:\n{string.Join("\n", Deliveries.All.Select(r => $"{r.Key} {r.Status} attempts {r.Attempts} next {r.NextAttemptAt:O} started {r.AttemptStartedAt:O} {r.Error}"))}\nIn flight: {State.DeliveriesInFlight}");

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();

    private AuditEntry Audit(string action) => new(time.GetUtcNow(), Organiser, "Org", action, "test");
}

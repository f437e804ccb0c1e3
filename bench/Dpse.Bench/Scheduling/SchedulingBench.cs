using System.Diagnostics;
using System.Globalization;
using Dpse.Core;
using Dpse.Core.Audit;
using Dpse.Core.Deliveries;
using Dpse.Core.Digests;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Reminders;
using Dpse.Core.Scheduling;
using Dpse.Testing.InMemory;
using Dpse.Testing.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dpse.Bench.Scheduling;

/// <summary>
/// The scheduler with 10k events x 2 offsets x 3 targets planned, on the real clock: the first pass (planning
/// everything), CPU time and memory while it sleeps between due moments, and lateness (due -> sent) of a burst of
/// reminders through a fast fake sender. Target: p99 lateness at most 250 ms.
/// Usage: <c>scheduling [--events N] [--burst N] [--idle-seconds N]</c>.
/// </summary>
public static class SchedulingBench
{
    /// <summary>Runs the bench and prints its figures; returns 0 when the lateness target is met.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var eventCount = Arg(args, "--events", 10_000);
        var burst = Arg(args, "--burst", 200);
        var idleSeconds = Arg(args, "--idle-seconds", 5);
        var time = TimeProvider.System;
        var stores = new InMemoryExchangeStores();
        var deliveries = new InMemoryDeliveryStore();
        var discord = new RecordingMessageSender(Platforms.Discord, time);
        var slack = new RecordingMessageSender(Platforms.Slack, time);
        var options = Options.Create(new ExchangeOptions { ReminderOffsets = "24h,1h" });

        var t0 = time.GetUtcNow();
        var burstStart = t0 + TimeSpan.FromSeconds(idleSeconds + 3);
        await SeedAsync(stores, eventCount, burst, t0, burstStart);

        var signal = new ScheduleSignal();
        var state = new SchedulerState();
        var composer = new DigestComposer(stores.Stories, stores.Events, stores.ChannelSettings, deliveries, time, options);
        var planner = new ReminderPlanner(stores.ChannelSettings, stores.MemberSettings, options);
        var outbox = new OutboxSender(deliveries, stores.Events, stores.ChannelSettings, composer, [discord, slack], time, options, NullLogger<OutboxSender>.Instance);
        using var scheduler = new DeliveryScheduler(deliveries, stores.Events, stores.ChannelSettings, composer, planner, outbox, signal, state, time, options, NullLogger<DeliveryScheduler>.Instance);

        var clock = Stopwatch.StartNew();
        await scheduler.StartAsync(CancellationToken.None);
        await state.WaitForPassAsync(0, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        var firstPass = clock.Elapsed;

        // Idle: nothing is due until the burst; the scheduler should sleep on one timer.
        await Task.Delay(TimeSpan.FromSeconds(1));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var workingSet = process.WorkingSet64;
        var passesBefore = state.Passes;
        var cpuBefore = process.TotalProcessorTime;
        var idleClock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(idleSeconds - 1));
        process.Refresh();
        var idleCpu = process.TotalProcessorTime - cpuBefore;
        var idleWall = idleClock.Elapsed;
        var idlePasses = state.Passes - passesBefore;

        // The burst: `burst` events whose 1 h reminders fall due 50 ms apart, each to 3 targets.
        var expected = burst * 3;
        var deadline = Stopwatch.StartNew();
        while (discord.Posted.Count + slack.Posted.Count < expected && deadline.Elapsed < TimeSpan.FromSeconds(idleSeconds + 60))
        {
            await Task.Delay(100);
        }

        await scheduler.StopAsync(CancellationToken.None);

        // A pass with 10k events in the window and nothing due: what each wake-up costs.
        var passTimes = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var one = Stopwatch.StartNew();
            await scheduler.RunPassAsync(CancellationToken.None);
            passTimes.Add(one.Elapsed.TotalMilliseconds);
        }

        passTimes.Sort();
        var posted = discord.Posted.Concat(slack.Posted).ToList();
        var lateness = new List<double>();
        foreach (var message in posted)
        {
            if (await deliveries.GetAsync(message.DeliveryKey, CancellationToken.None) is { } record)
            {
                lateness.Add((message.At - record.DueAt).TotalMilliseconds);
            }
        }

        lateness.Sort();
        var p99 = Percentile(lateness, 0.99);
        var planned = eventCount * 2 * 3;
        Console.WriteLine(Invariant($"scheduling: {eventCount} events x 2 offsets x 3 targets = {planned} reminders planned"));
        Console.WriteLine(Invariant($"  first pass (plan everything, nothing due): {firstPass.TotalMilliseconds:F0} ms"));
        Console.WriteLine(Invariant($"  idle {idleWall.TotalSeconds:F1} s: CPU {idleCpu.TotalMilliseconds:F0} ms ({100 * idleCpu / idleWall:F2}% of one core), scheduler passes {idlePasses}"));
        Console.WriteLine(Invariant($"  memory while idle: managed heap {heap / (1024.0 * 1024):F1} MB, working set {workingSet / (1024.0 * 1024):F1} MB (whole process, stores included)"));
        Console.WriteLine(Invariant($"  one wake-up (pass over {eventCount} events, nothing due): p50 {Percentile(passTimes, 0.5):F1} ms, max {passTimes[^1]:F1} ms"));
        Console.WriteLine(Invariant($"  burst: {posted.Count}/{expected} reminders sent, {state.Passes} passes in all"));
        Console.WriteLine(Invariant($"  lateness due -> sent: p50 {Percentile(lateness, 0.5):F1} ms, p95 {Percentile(lateness, 0.95):F1} ms, p99 {p99:F1} ms, max {(lateness.Count > 0 ? lateness[^1] : double.NaN):F1} ms (target p99 <= 250 ms)"));
        return posted.Count == expected && p99 <= 250 ? 0 : 1;
    }

    private static async Task SeedAsync(InMemoryExchangeStores stores, int eventCount, int burst, DateTimeOffset t0, DateTimeOffset burstStart)
    {
        var system = new ActorRef(Platforms.Shell, "", "bench");
        var audit = new AuditEntry(t0, system, "bench", "bench.seed", "bench");
        await stores.ChannelSettings.SetRemindersAsync(new ChannelRef(Platforms.Discord, "G1", "reminders"), true, t0, audit, CancellationToken.None);
        var events = new List<CommunityEvent>(eventCount);
        for (var n = 1; n <= eventCount; n++)
        {
            // The first `burst` events start 1 h + a few seconds from now (their 1 h reminders fall due 50 ms apart);
            // the rest are spread over the next 2 to 30 days.
            var start = n <= burst
                ? burstStart + TimeSpan.FromHours(1) + TimeSpan.FromMilliseconds(50 * (n - 1))
                : t0 + TimeSpan.FromDays(2) + TimeSpan.FromMinutes((n * 28.0 * 24 * 60) / eventCount);
            var person = new ActorRef(Platforms.Slack, "T1", "U" + n.ToString(CultureInfo.InvariantCulture));
            await stores.MemberSettings.SetReminderDirectMessagesAsync(person, true, t0, audit, CancellationToken.None);
            events.Add(new CommunityEvent
            {
                Number = n,
                Title = "Bench event " + n.ToString(CultureInfo.InvariantCulture),
                StartUtc = start,
                LocalStart = "x",
                TimeZone = "Europe/London",
                Organiser = system,
                OrganiserName = "bench",
                Origin = new ChannelRef(Platforms.Slack, "T1", "C" + (n % 50).ToString(CultureInfo.InvariantCulture)),
                Rsvps = [new Rsvp(person, "member", RsvpStatus.Going, t0)],
                CreatedAt = t0,
                UpdatedAt = t0,
            });
        }

        await stores.Events.ImportAsync(events, audit, CancellationToken.None);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

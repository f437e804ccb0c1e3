using System.Diagnostics;
using System.Globalization;
using Dpse.Bench.Discord;
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
using Dpse.Discord;
using Dpse.Discord.Rest;
using Dpse.Testing.InMemory;
using Dpse.Testing.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dpse.Bench.Scheduling;

/// <summary>
/// A digest fan-out through the real scheduler, outbox and Discord sender (in-memory stores, real time) against a
/// loopback Discord that enforces 50 requests/s and 5 messages per 5 s per channel. 1% of the channels are broken
/// (403 Missing Access, 404 Unknown Channel, 500). While it runs, a reminder falls due every 2 s in a channel of its
/// own. Reports the wall time over the rate-limit floor, the 429s received, and the reminders' lateness.
/// </summary>
internal static class FanOutBench
{
    private const string Guild = "339318275320184833";
    private static readonly TimeSpan ReminderEvery = TimeSpan.FromSeconds(2);
    private static readonly ActorRef Organiser = new(Platforms.Discord, Guild, "1");

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList() : [500, 5000];
        var ok = true;
        foreach (var size in sizes)
        {
            ok &= await RunCaseAsync(size);
        }

        return ok ? 0 : 1;
    }

    private static async Task<bool> RunCaseAsync(int channels)
    {
        var time = TimeProvider.System;
        using var fake = new LoopbackDiscord();
        var broken = new Dictionary<string, (int Status, string Body)>(StringComparer.Ordinal);
        var (healthy, reminderChannels) = (new List<string>(), new List<string>());
        for (var i = 0; i < channels; i++)
        {
            var id = (200000000000000000L + i).ToString(CultureInfo.InvariantCulture);
            if (i % 100 == 50)
            {
                // 1%: a third forbidden, a third gone, a third failing with 500s.
                broken[$"/channels/{id}/messages"] = (i / 100 % 3) switch
                {
                    0 => (403, """{"message":"Missing Access","code":50001}"""),
                    1 => (404, """{"message":"Unknown Channel","code":10003}"""),
                    _ => (500, """{"message":"500: Internal Server Error","code":0}"""),
                };
            }
            else
            {
                healthy.Add(id);
            }
        }

        fake.Broken = path => broken.TryGetValue(path, out var answer) ? answer : null;
        var stores = new InMemoryExchangeStores();
        var deliveries = new InMemoryDeliveryStore();
        var now = time.GetUtcNow();
        var slot = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var subscription = new DigestSubscription { Day = slot.DayOfWeek, Time = TimeOnly.FromDateTime(slot.UtcDateTime), TimeZone = "UTC", Since = now.AddDays(-1) };
        for (var i = 0; i < channels; i++)
        {
            var channel = new ChannelRef(Platforms.Discord, Guild, (200000000000000000L + i).ToString(CultureInfo.InvariantCulture));
            await stores.ChannelSettings.SetDigestAsync(channel, subscription, now, Audit(now), CancellationToken.None);
        }

        await stores.Stories.AddAsync(new Story { Outcome = StoryOutcome.Failure, Title = "Search rebuild stalled", Summary = "What we learned.", Author = Organiser, AuthorName = "Org", CreatedAt = now, UpdatedAt = now }, Audit(now), CancellationToken.None);

        // Reminders due every 2 s from the slot on, for about as long as the fan-out's floor, each in its own channel.
        var floorSeconds = healthy.Count / (double)fake.GlobalPerSecond;
        var reminders = (int)(floorSeconds / ReminderEvery.TotalSeconds);
        var reminderDue = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        for (var k = 1; k <= reminders; k++)
        {
            var id = (300000000000000000L + k).ToString(CultureInfo.InvariantCulture);
            var due = slot + ReminderEvery * k;
            reminderDue[id] = due;
            await stores.Events.AddAsync(
                new CommunityEvent { Title = $"Meetup {k}", StartUtc = due.AddHours(1), LocalStart = "x", TimeZone = "UTC", Organiser = Organiser, OrganiserName = "Org", Origin = new ChannelRef(Platforms.Discord, Guild, id), ReminderOffsets = [TimeSpan.FromHours(1)], CreatedAt = now, UpdatedAt = now },
                Audit(now),
                CancellationToken.None);
        }

        var discordOptions = Options.Create(new DiscordOptions { Enabled = true, Token = "bench-token", ApplicationId = "352205866889641984", ApiBaseUrl = fake.ApiBaseUrl });
        using var http = new HttpClient();
        var rest = new DiscordRestClient(http, discordOptions, time, NullLogger<DiscordRestClient>.Instance);
        var sender = new DiscordMessageSender(rest, time);
        var options = Options.Create(new ExchangeOptions());
        var composer = new DigestComposer(stores.Stories, stores.Events, stores.ChannelSettings, deliveries, time, options);
        var planner = new ReminderPlanner(stores.ChannelSettings, stores.MemberSettings, options);
        var outbox = new OutboxSender(deliveries, stores.Events, stores.ChannelSettings, composer, [sender], time, options, NullLogger<OutboxSender>.Instance);
        var state = new SchedulerState();
        using var scheduler = new DeliveryScheduler(deliveries, stores.Events, stores.ChannelSettings, composer, planner, outbox, new ScheduleSignal(), state, time, options, NullLogger<DeliveryScheduler>.Instance);

        // A running bot has composed and posted before: one digest composed and posted to a channel outside the case
        // compiles that path, so the figures measure the pace rather than the first call's compilation. The loopback's
        // counts start again after it.
        var warmUp = new ChannelRef(Platforms.Discord, Guild, "399999999999999999");
        if (await composer.ComposeAsync(warmUp, subscription, now.AddDays(-7), now, CancellationToken.None) is { } warmUpDigest)
        {
            await sender.SendAsync(new SendRequest(new ChannelTarget(warmUp), warmUpDigest, "bench-warm-up"), CancellationToken.None);
        }

        fake.Reset();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{channels} channels ({broken.Count} broken), {reminders} reminders every {ReminderEvery.TotalSeconds:0} s; digests due at {slot:HH:mm:ss} UTC (waiting for it)"));
        await scheduler.StartAsync(CancellationToken.None);
        var (startTs, startWall) = (Stopwatch.GetTimestamp(), time.GetUtcNow());
        var wallAt = (long ts) => startWall + Stopwatch.GetElapsedTime(startTs, ts);
        var limit = slot + TimeSpan.FromSeconds(floorSeconds * 3 + 120);
        while (time.GetUtcNow() < limit && (healthy.Any(c => fake.FirstMessageAt(c) is null) || reminderDue.Keys.Any(c => fake.FirstMessageAt(c) is null)))
        {
            await Task.Delay(200);
        }

        await scheduler.StopAsync(CancellationToken.None);
        var arrivals = healthy.Select(fake.FirstMessageAt).Where(a => a is not null).Select(a => wallAt(a!.Value)).ToList();
        var last = arrivals.Count > 0 ? arrivals.Max() : time.GetUtcNow();
        var elapsed = (last - slot).TotalSeconds;
        var first = arrivals.Count > 0 ? (arrivals.Min() - slot).TotalSeconds : double.NaN;
        var lateness = reminderDue.Select(r => fake.FirstMessageAt(r.Key) is { } at ? (wallAt(at) - r.Value).TotalMilliseconds : double.PositiveInfinity).Order().ToList();
        var records = deliveries.All;
        var marked = (await stores.ChannelSettings.ListActiveAsync(CancellationToken.None)).Count(c => c.DeliveryProblem is not null);
        var requestFloor = fake.GlobalRequests / (double)fake.GlobalPerSecond;
        var messageFloor = fake.MessagesAccepted / (double)fake.GlobalPerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"""
              healthy digests delivered {arrivals.Count}/{healthy.Count}; first {first:0.000} s and last {elapsed:0.00} s after the slot; floor {messageFloor:0.00} s (the {fake.MessagesAccepted} messages posted / 50 per s: a digest listing many events takes several); ratio {elapsed / messageFloor:0.000} (target <= 1.05)
              requests to the global limit {fake.GlobalRequests} ({string.Join(", ", fake.GlobalRequestsByRoute.Select(r => $"{r.Key}: {r.Value}"))}) (floor {requestFloor:0.00} s; ratio {elapsed / requestFloor:0.000}); 429s received {rest.RateLimitedCount} (target 0)
              broken: {records.Count(r => r.Kind == DeliveryKind.Digest && r.Status == DeliveryStatus.Failed)} marked failed ({marked} channels show the problem), {records.Count(r => r.Kind == DeliveryKind.Digest && r.Status == DeliveryStatus.Pending)} pending a retry
              reminder lateness over {lateness.Count}: p50 {Percentile(lateness, 0.50):0.0} ms, p99 {Percentile(lateness, 0.99):0.0} ms, max {lateness.LastOrDefault():0.0} ms (target p99 <= 250 ms)
            """));
        return arrivals.Count == healthy.Count && lateness.All(double.IsFinite);
    }

    private static AuditEntry Audit(DateTimeOffset at) => new(at, Organiser, "Org", "bench", "bench");

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Dpse.Core;
using Dpse.Core.Audit;
using Dpse.Core.Deliveries;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Scheduling;
using Dpse.Core.Sending;
using Dpse.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Dpse.Bench.Postgres;

/// <summary>How the instances drain the outbox.</summary>
internal enum DrainMode
{
    /// <summary>Each instance runs the product's <see cref="DeliveryScheduler"/> (pass, lanes, <see cref="OutboxSender"/>).</summary>
    Scheduler,

    /// <summary>Each instance claims due records with <see cref="IDeliveryStore.ClaimDueAsync"/>, sends them with <see cref="OutboxSender"/> and releases them.</summary>
    Claim,
}

/// <summary>What one drain measured.</summary>
internal sealed record DrainResult(DrainMode Mode, int Instances, int Planned, TimeSpan Elapsed, int Sent, int Duplicates, int Lost, IReadOnlyList<int> PerInstance, string Load)
{
    public double PerSecond => Planned / Elapsed.TotalSeconds;
}

/// <summary>
/// N due reminders in the real <c>deliveries</c> table drained by 1 or 3 instances, each a separate set of the real
/// services (its own <see cref="PostgresDatabase"/> pool, <see cref="OutboxSender"/>, scheduler and instance id) over
/// one database, sending through a fake platform that records every send (~1 ms each). Duplicates are sends beyond
/// the first per delivery key; lost are keys never sent.
/// </summary>
internal static class OutboxDrain
{
    private const int Events = 100;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Imports the events the reminders are about (once per database).</summary>
    public static async Task SeedEventsAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var provider = Build(connectionString, "seed", new SendLedger(), 0);
        var events = provider.GetRequiredService<IEventStore>();
        var now = TimeProvider.System.GetUtcNow();
        var organiser = new ActorRef(Platforms.Discord, "G1", "organiser");
        var list = Enumerable.Range(1, Events).Select(n => new CommunityEvent
        {
            Number = n,
            Title = "Drupal public sector meetup " + n.ToString(CultureInfo.InvariantCulture),
            StartUtc = StartOf(now, n),
            LocalStart = "x",
            TimeZone = "Europe/London",
            Organiser = organiser,
            OrganiserName = "bench",
            Origin = new ChannelRef(Platforms.Discord, "G1", "events"),
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        await events.ImportAsync(list, new AuditEntry(now, organiser, "bench", "bench.seed", "events"), cancellationToken);
    }

    public static async Task<DrainResult> RunAsync(string connectionString, DrainMode mode, int instances, int count, CancellationToken cancellationToken)
    {
        var ledger = new SendLedger();
        var providers = Enumerable.Range(1, instances).Select(i => Build(connectionString, $"bench-{mode.ToString().ToLowerInvariant()}-{i}", ledger, i)).ToList();
        try
        {
            foreach (var provider in providers)
            {
                await provider.GetRequiredService<PostgresDatabase>().EnsureReadyAsync(cancellationToken);
            }

            var keys = await PlanAsync(connectionString, providers[0].GetRequiredService<IEventStore>(), providers[0].GetRequiredService<IDeliveryStore>(), count, cancellationToken);
            await using var monitor = NpgsqlDataSource.Create(connectionString);
            var clock = Stopwatch.StartNew();
            var elapsed = mode == DrainMode.Scheduler
                ? await DrainWithSchedulersAsync(providers, monitor, clock, cancellationToken)
                : await DrainWithClaimsAsync(providers, clock, cancellationToken);
            var load = LoadAverage.Now();
            var duplicates = ledger.Counts.Values.Sum(c => c - 1);
            var lost = keys.Count(k => !ledger.Counts.ContainsKey(k));
            return new DrainResult(mode, instances, count, elapsed, ledger.Counts.Count, duplicates, lost, [.. Enumerable.Range(1, instances).Select(ledger.SentBy)], load);
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }
        }
    }

    // The product's way: every instance runs its scheduler; done when no record is pending and no send is in flight.
    private static async Task<TimeSpan> DrainWithSchedulersAsync(List<ServiceProvider> providers, NpgsqlDataSource monitor, Stopwatch clock, CancellationToken cancellationToken)
    {
        var schedulers = providers.Select(p => (Scheduler: p.GetRequiredService<DeliveryScheduler>(), State: p.GetRequiredService<SchedulerState>())).ToList();
        clock.Restart();
        foreach (var (scheduler, _) in schedulers)
        {
            await scheduler.StartAsync(cancellationToken);
        }

        TimeSpan? drained = null;
        while (clock.Elapsed < Timeout)
        {
            if (drained is null && await PendingAsync(monitor, cancellationToken) == 0)
            {
                drained = clock.Elapsed;
            }

            if (drained is not null && schedulers.All(s => s.State.DeliveriesInFlight == 0))
            {
                break;
            }

            await Task.Delay(20, cancellationToken);
        }

        foreach (var (scheduler, _) in schedulers)
        {
            await scheduler.StopAsync(CancellationToken.None);
        }

        return drained ?? clock.Elapsed;
    }

    // The claim port's way: claim a batch under a lease, send it with the lanes' concurrency, release, until nothing is left to claim.
    private static async Task<TimeSpan> DrainWithClaimsAsync(List<ServiceProvider> providers, Stopwatch clock, CancellationToken cancellationToken)
    {
        clock.Restart();
        await Task.WhenAll(providers.Select(async (provider, index) =>
        {
            // The outbox claims under the instance's id too: a batch claimed under any other name would be held by "another instance".
            var owner = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Dpse.Core.Instances.InstanceOptions>>().Value.Id;
            var store = provider.GetRequiredService<IDeliveryStore>();
            var outbox = provider.GetRequiredService<OutboxSender>();
            var time = provider.GetRequiredService<TimeProvider>();
            while (clock.Elapsed < Timeout)
            {
                var claimed = await store.ClaimDueAsync(owner, time.GetUtcNow(), TimeSpan.FromMinutes(5), limit: 16, cancellationToken);
                if (claimed.Count == 0)
                {
                    return;
                }

                await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (record, token) =>
                {
                    await outbox.DeliverAsync(record, token);
                    await store.ReleaseAsync(record.Key, owner, token);
                });
            }
        }));
        return clock.Elapsed;
    }

    // Empties the outbox and records `count` reminders due now: 100 events x count/100 channels.
    private static async Task<List<string>> PlanAsync(string connectionString, IEventStore events, IDeliveryStore deliveries, int count, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var truncate = new NpgsqlCommand("TRUNCATE deliveries", connection);
            await truncate.ExecuteNonQueryAsync(cancellationToken);
        }

        var now = TimeProvider.System.GetUtcNow();
        var offset = TimeSpan.FromHours(24);
        var eventList = await events.ListStartingBetweenAsync(now, now + TimeSpan.FromDays(30), cancellationToken);
        var records = Enumerable.Range(0, count).Select(i =>
        {
            var e = eventList[i % eventList.Count];
            var target = new ChannelTarget(new ChannelRef(Platforms.Discord, "G1", "channel-" + (i / eventList.Count).ToString(CultureInfo.InvariantCulture)));
            return new DeliveryRecord
            {
                Key = DeliveryKeys.Reminder(e.Number, e.StartUtc, offset, target),
                Kind = DeliveryKind.Reminder,
                Subject = DeliveryKeys.EventSubject(e.Number),
                Target = target,
                DueAt = now - TimeSpan.FromSeconds(5),
                EventNumber = e.Number,
                EventStart = e.StartUtc,
                Offset = offset,
                CreatedAt = now,
                UpdatedAt = now,
            };
        }).ToList();
        await Parallel.ForEachAsync(records, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (record, token) =>
        {
            if (!await deliveries.TryAddAsync(record, token))
            {
                throw new InvalidOperationException("Two planned reminders share the key " + record.Key);
            }
        });
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var analyze = new NpgsqlCommand("ANALYZE deliveries", connection);
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        return [.. records.Select(r => r.Key)];
    }

    private static async Task<long> PendingAsync(NpgsqlDataSource monitor, CancellationToken cancellationToken)
    {
        await using var command = monitor.CreateCommand("SELECT count(*) FROM deliveries WHERE status = 'Pending'");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    // Three days ahead: the reminders planned here are due, the events' own 24 h and 1 h moments are not.
    private static DateTimeOffset StartOf(DateTimeOffset now, int number) =>
        new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero) + TimeSpan.FromDays(3) + TimeSpan.FromMinutes(number);

    private static ServiceProvider Build(string connectionString, string applicationName, SendLedger ledger, int instance)
    {
        // Its own Application Name gives each instance its own pool, as separate processes would have.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = applicationName };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dpse:Storage:Postgres:ConnectionString"] = builder.ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddOptions<ExchangeOptions>();
        services.AddDpsePostgresStore(configuration);
        services.AddDpseScheduling();
        services.AddSingleton<IMessageSender>(new CountingSender(Platforms.Discord, ledger, instance));
        return services.BuildServiceProvider();
    }

    /// <summary>Every send any instance made, per delivery key and per instance.</summary>
    private sealed class SendLedger
    {
        private readonly ConcurrentDictionary<int, int> _byInstance = new();

        public ConcurrentDictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);

        public void Record(string key, int instance)
        {
            Counts.AddOrUpdate(key, 1, (_, n) => n + 1);
            _byInstance.AddOrUpdate(instance, 1, (_, n) => n + 1);
        }

        public int SentBy(int instance) => _byInstance.GetValueOrDefault(instance);
    }

    /// <summary>A platform that takes about a millisecond per post and records each one.</summary>
    private sealed class CountingSender(string platform, SendLedger ledger, int instance) : IMessageSender
    {
        private int _next;

        public string Platform { get; } = platform;

        public async Task<SendResult> SendAsync(SendRequest request, CancellationToken cancellationToken)
        {
            // Not cancelled by a stop: a send that started is counted, as a platform would have posted it.
            await Task.Delay(1, CancellationToken.None);
            ledger.Record(request.DeliveryKey, instance);
            return SendResult.Sent($"m{instance}-{Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture)}");
        }
    }
}

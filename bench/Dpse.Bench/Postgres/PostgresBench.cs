using System.Diagnostics;
using System.Globalization;
using Dpse.Core;
using Dpse.Core.Audit;
using Dpse.Core.Commands;
using Dpse.Core.Identity;
using Dpse.Core.Stories;
using Dpse.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Dpse.Bench.Postgres;

/// <summary>
/// The PostgreSQL store at exchange scale (issue 11): search and share latency at 100,000 generated stories, start-up
/// time at 1,000 and 100,000 stories, and an outbox of 10,000 due deliveries drained by 1 and by 3 instances.
/// Every measured operation goes through the real store ports (share through the command router); the corpus is
/// written through the store's own import port. Needs DPSE_TEST_POSTGRES (an Npgsql connection string to a server's
/// maintenance database, as <c>.ci/with-postgres</c> exports); the bench creates and drops its own databases there.
/// Usage: <c>postgres [--stories N] [--deliveries N] [--keep] [--reuse]</c>; <c>--reuse</c> measures only search and
/// share on the story database an earlier <c>--keep</c> run left (seeding 100,000 stories takes minutes), and keeps it.
/// </summary>
public static class PostgresBench
{
    /// <summary>The variable naming the server.</summary>
    public const string ServerVariable = "DPSE_TEST_POSTGRES";

    // The start-up child reads its database from here (a connection string stays off the command line).
    private const string ChildVariable = "DPSE_BENCH_POSTGRES_DATABASE";
    private const int Queries = 300;
    private const int Shares = 500;
    private const double SearchTarget = 15;
    private const double ShareTarget = 10;
    private const double StartupTarget = 2_000;

    // A selective first search (a tag in under 1% of the stories): the figure is the start, not the cost of a word in
    // most stories, which the search rows measure.
    private const string FirstSearch = "story search gaelic";

    private static readonly Actor Member = new(new ActorRef(Platforms.Slack, "W1", "U-bench"), "Bench member", IsModerator: false);
    private static readonly ChannelRef Place = new(Platforms.Slack, "W1", "C-bench");

    /// <summary>Runs the bench and prints its table; 0 when every target is met, 1 when one is missed, 2 without a server.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is ["--startup"])
        {
            return await StartupChildAsync();
        }

        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            Console.Error.WriteLine($"""
                postgres: {ServerVariable} is not set. It names a PostgreSQL server's maintenance database (an Npgsql connection
                string); the bench creates its own databases there. Run it with a throwaway cluster:
                  .ci/with-postgres dotnet run -c Release --project bench/Dpse.Bench -- postgres [--stories N] [--deliveries N] [--keep]
                """);
            return 2;
        }

        var storyCount = Arg(args, "--stories", 100_000);
        var deliveryCount = Arg(args, "--deliveries", 10_000);
        var keep = args.Contains("--keep");
        var cancellationToken = CancellationToken.None;
        var rows = new List<Row>();
        Console.WriteLine(Invariant($"postgres bench: {await ServerVersionAsync(server, cancellationToken)}, {Environment.ProcessorCount} cores, load {LoadAverage.Now()}"));
        if (args.Contains("--reuse"))
        {
            var kept = new NpgsqlConnectionStringBuilder(server) { Database = $"dpse_bench_{storyCount}" }.ConnectionString;
            rows.AddRange(await SearchAsync(kept, storyCount, cancellationToken));
            rows.Add(await ShareAsync(kept, storyCount, cancellationToken));
            Print(rows);
            return rows.All(r => r.Ok != false) ? 0 : 1;
        }

        var small = await CreateDatabaseAsync(server, "dpse_bench_1k", cancellationToken);
        var big = await CreateDatabaseAsync(server, $"dpse_bench_{storyCount}", cancellationToken);
        try
        {
            await SeedStoriesAsync(small, 1_000, cancellationToken);

            var seeding = Stopwatch.StartNew();
            await SeedStoriesAsync(big, storyCount, cancellationToken);
            Console.WriteLine(Invariant($"  seeded {storyCount:N0} stories through IStoryStore.ImportAsync in {seeding.Elapsed.TotalSeconds:F0} s ({await SizeAsync(big, cancellationToken)}), load {LoadAverage.Now()}"));
            await VacuumAnalyzeAsync(small, cancellationToken);
            await VacuumAnalyzeAsync(big, cancellationToken);
            rows.AddRange(await StartupAsync(small, 1_000, big, storyCount));
            rows.AddRange(await SearchAsync(big, storyCount, cancellationToken));
            rows.Add(await ShareAsync(big, storyCount, cancellationToken));

            await OutboxDrain.SeedEventsAsync(big, cancellationToken);
            foreach (var (mode, instances) in new[] { (DrainMode.Scheduler, 1), (DrainMode.Scheduler, 3), (DrainMode.Claim, 1), (DrainMode.Claim, 3) })
            {
                var drain = await OutboxDrain.RunAsync(big, mode, instances, deliveryCount, cancellationToken);
                var how = mode == DrainMode.Scheduler ? "DeliveryScheduler" : "ClaimDueAsync loop";
                rows.Add(new Row(
                    Invariant($"drain {drain.Planned:N0} due, {instances} instance{(instances == 1 ? "" : "s")} ({how})"),
                    Invariant($"{drain.PerSecond:F0}/s in {drain.Elapsed.TotalSeconds:F1} s; dup {drain.Duplicates}, lost {drain.Lost}; sends per instance {string.Join('/', drain.PerInstance)}"),
                    "dup 0, lost 0",
                    drain.Duplicates == 0 && drain.Lost == 0,
                    drain.Load));
            }
        }
        finally
        {
            if (!keep)
            {
                await DropDatabaseAsync(server, small, cancellationToken);
                await DropDatabaseAsync(server, big, cancellationToken);
            }
        }

        Print(rows);
        return rows.All(r => r.Ok != false) ? 0 : 1;
    }

    // Search through IStoryStore.SearchAsync as a member sees it (page of 5), six kinds of query in turn, after a warm-up.
    private static async Task<IEnumerable<Row>> SearchAsync(string database, int storyCount, CancellationToken cancellationToken)
    {
        await using var provider = BuildStore(database);
        var store = provider.GetRequiredService<IStoryStore>();
        var corpus = new StoryCorpus(new Random(42));
        var random = new Random(7);
        var kinds = new (string Name, Func<StoryQuery> Query)[]
        {
            ("one common word", () => Query(StoryCorpus.CommonWord(random))),
            ("one rare word", () => Query(corpus.RareWord(random))),
            ("two words", () => Query($"{StoryCorpus.CommonWord(random)} {(random.Next(2) == 0 ? StoryCorpus.CommonWord(random) : corpus.RareWord(random))}")),
            ("a tag", () => new StoryQuery { Tag = corpus.Tag(random), Viewer = Member, PageSize = StoryCommands.PageSize }),
            ("an organisation", () => new StoryQuery { Organisation = StoryCorpus.Places[random.Next(StoryCorpus.Places.Length)], Viewer = Member, PageSize = StoryCommands.PageSize }),
            ("no match", () => Query("zzqx" + random.Next(1_000).ToString(CultureInfo.InvariantCulture))),
        };

        for (var i = 0; i < 30; i++)
        {
            await store.SearchAsync(kinds[i % kinds.Length].Query(), cancellationToken);
        }

        var all = new List<double>(Queries);
        var byKind = kinds.Select(_ => (Times: new List<double>(), Matches: 0L)).ToArray();
        for (var i = 0; i < Queries; i++)
        {
            var kind = i % kinds.Length;
            var query = kinds[kind].Query();
            var watch = Stopwatch.StartNew();
            var page = await store.SearchAsync(query, cancellationToken);
            var ms = watch.Elapsed.TotalMilliseconds;
            all.Add(ms);
            byKind[kind].Times.Add(ms);
            byKind[kind].Matches += page.Total;
        }

        var load = LoadAverage.Now();
        var p95 = Percentile(all, 95);
        var rows = new List<Row>
        {
            new(Invariant($"search p95 ({Queries:N0} mixed queries, {storyCount:N0} stories)"), Invariant($"{p95:F1} ms (p50 {Percentile(all, 50):F1}, p99 {Percentile(all, 99):F1})"), Invariant($"<= {SearchTarget} ms"), p95 <= SearchTarget, load),
        };
        rows.AddRange(kinds.Select((k, i) => new Row(
            "  " + k.Name,
            Invariant($"p95 {Percentile(byKind[i].Times, 95):F1} ms, p50 {Percentile(byKind[i].Times, 50):F1} ms, {byKind[i].Matches / (double)byKind[i].Times.Count:F0} matches/query"),
            "",
            null,
            load)));
        return rows;
    }

    private static StoryQuery Query(string text) => new() { Text = text, Viewer = Member, PageSize = StoryCommands.PageSize };

    // story share through the command router with the real PostgreSQL stores: parse, validate, AddAsync, audit, card.
    private static async Task<Row> ShareAsync(string database, int storyCount, CancellationToken cancellationToken)
    {
        await using var provider = BuildStore(database);
        await StartHostedAsync(provider, cancellationToken);
        var dispatcher = provider.GetRequiredService<ICommandDispatcher>();
        var corpus = new StoryCorpus(new Random(42));
        var random = new Random(11);
        string Text() =>
            $"story share outcome:failure title:\"{StoryCorpus.Title(random)}\" summary:\"{corpus.Prose(random, 35)}\" lessons:\"{corpus.Prose(random, 45)}\" " +
            $"context:\"{corpus.Prose(random, 30)}\" tags:{corpus.Tag(random)},{corpus.Tag(random)} modules:webform,views org:\"{StoryCorpus.Organisation(random)}\" sector:\"local government\"";

        for (var i = 0; i < 20; i++)
        {
            await dispatcher.DispatchTextAsync(Text(), Member, Place, false, cancellationToken);
        }

        var times = new List<double>(Shares);
        for (var i = 0; i < Shares; i++)
        {
            var text = Text();
            var watch = Stopwatch.StartNew();
            var reply = await dispatcher.DispatchTextAsync(text, Member, Place, false, cancellationToken);
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (reply.IsError)
            {
                throw new InvalidOperationException("story share failed: " + reply.Message.FallbackText);
            }
        }

        var p95 = Percentile(times, 95);
        return new Row(
            Invariant($"story share p95 ({Shares} through the router, {storyCount:N0} stories)"),
            Invariant($"{p95:F1} ms (p50 {Percentile(times, 50):F1}, p99 {Percentile(times, 99):F1})"),
            Invariant($"<= {ShareTarget} ms"),
            p95 <= ShareTarget,
            LoadAverage.Now());
    }

    // Cold processes, each timing its own start (services built, migrator run on an up-to-date schema, FirstSearch
    // answered), alternating between the small and the big database so both see the same machine load.
    private static async Task<IEnumerable<Row>> StartupAsync(string small, int smallCount, string big, int bigCount)
    {
        const int Rounds = 5;
        var samples = new[] { new List<(double Inside, double Ready, double Whole)>(), new List<(double Inside, double Ready, double Whole)>() };
        for (var i = 0; i < Rounds; i++)
        {
            samples[0].Add(await StartOnceAsync(small));
            samples[1].Add(await StartOnceAsync(big));
        }

        var load = LoadAverage.Now();
        return new[] { (Count: smallCount, Samples: samples[0]), (Count: bigCount, Samples: samples[1]) }.Select(one =>
        {
            var median = Median(one.Samples.Select(s => s.Inside));
            return new Row(
                Invariant($"start-up to first search ({one.Count:N0} stories)"),
                Invariant($"{median:F0} ms median of {Rounds} (min {one.Samples.Min(s => s.Inside):F0}, max {one.Samples.Max(s => s.Inside):F0}); store ready {Median(one.Samples.Select(s => s.Ready)):F0} ms; whole process {Median(one.Samples.Select(s => s.Whole)):F0} ms"),
                Invariant($"<= {StartupTarget:F0} ms"),
                median <= StartupTarget,
                load);
        });
    }

    private static async Task<(double Inside, double Ready, double Whole)> StartOnceAsync(string database)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(PostgresBench).Assembly.Location);
        }

        start.ArgumentList.Add("postgres");
        start.ArgumentList.Add("--startup");
        start.Environment[ChildVariable] = database;
        var watch = Stopwatch.StartNew();
        using var child = Process.Start(start)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        var whole = watch.Elapsed.TotalMilliseconds;
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"The start-up child failed ({child.ExitCode}): {output}");
        }

        var figures = output.Trim().Split('\n')[^1].Split(' ').Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (figures[0], figures[1], whole);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static async Task<int> StartupChildAsync()
    {
        var database = Environment.GetEnvironmentVariable(ChildVariable)
            ?? throw new InvalidOperationException(ChildVariable + " is not set: --startup is run by the bench itself.");
        var watch = Stopwatch.StartNew();
        await using var provider = BuildStore(database);
        await StartHostedAsync(provider, CancellationToken.None);
        var started = watch.Elapsed.TotalMilliseconds;
        var reply = await provider.GetRequiredService<ICommandDispatcher>().DispatchTextAsync(FirstSearch, Member, Place, false, CancellationToken.None);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        if (reply.IsError)
        {
            throw new InvalidOperationException("The first search failed: " + reply.Message.FallbackText);
        }

        Console.WriteLine(FormattableString.Invariant($"{elapsed:F1} {started:F1}"));
        return 0;
    }

    // The store's hosted services (the PostgreSQL starter waits for the server and runs the migrator), as the host starts them.
    private static async Task StartHostedAsync(ServiceProvider provider, CancellationToken cancellationToken)
    {
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(cancellationToken);
        }
    }

    // Batches of 500 through IStoryStore.ImportAsync on two connections: numbers, celebrations, search vectors as the store writes them.
    private static async Task SeedStoriesAsync(string database, int count, CancellationToken cancellationToken)
    {
        await using var provider = BuildStore(database);
        var store = provider.GetRequiredService<IStoryStore>();
        var corpus = new StoryCorpus(new Random(42));
        const int batch = 500;
        var first = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var span = TimeSpan.FromDays(700);
        var system = new ActorRef(Platforms.Shell, "local", "bench");
        var batches = Enumerable.Range(0, (count + batch - 1) / batch);
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, async (b, token) =>
        {
            var random = new Random(1_000 + b);
            var stories = Enumerable.Range((b * batch) + 1, Math.Min(batch, count - (b * batch)))
                .Select(n => corpus.Story(random, n, first + (span * ((double)n / count))))
                .ToList();
            await store.ImportAsync(stories, new AuditEntry(first, system, "bench", "bench.seed", "stories"), token);
        });
    }

    private static ServiceProvider BuildStore(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dpse:Storage:Postgres:ConnectionString"] = connectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddOptions<ExchangeOptions>();
        services.AddDpsePostgresStore(configuration);
        services.AddDpseCore();
        return services.BuildServiceProvider();
    }

    private static async Task<string> CreateDatabaseAsync(string server, string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(cancellationToken);
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static async Task DropDatabaseAsync(string server, string database, CancellationToken cancellationToken)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(database).Database;
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(cancellationToken);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }

    // What autovacuum would have done after a bulk load; the store's own queries then see real statistics.
    private static async Task VacuumAnalyzeAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellationToken);
        await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 600 };
        await vacuum.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string> ServerVersionAsync(string server, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(cancellationToken);
        return "PostgreSQL " + connection.PostgreSqlVersion.ToString();
    }

    private static async Task<string> SizeAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellationToken);
        await using var size = new NpgsqlCommand("SELECT pg_size_pretty(pg_database_size(current_database()))", connection);
        return "database " + (string)(await size.ExecuteScalarAsync(cancellationToken))!;
    }

    private static void Print(List<Row> rows)
    {
        var widths = new[] { rows.Max(r => r.Measure.Length), rows.Max(r => r.Figure.Length), Math.Max(6, rows.Max(r => r.Target.Length)) };
        string Line(string a, string b, string c, string d, string e) =>
            $"| {a.PadRight(widths[0])} | {b.PadRight(widths[1])} | {c.PadRight(widths[2])} | {d,-4} | {e} |";
        Console.WriteLine();
        Console.WriteLine(Line("measure", "figure", "target", "met", "load 1m 5m 15m"));
        Console.WriteLine(Line(new string('-', widths[0]), new string('-', widths[1]), new string('-', widths[2]), "----", "--------------"));
        foreach (var row in rows)
        {
            Console.WriteLine(Line(row.Measure, row.Figure, row.Target, row.Ok switch { true => "yes", false => "NO", null => "" }, row.Load));
        }
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Row(string Measure, string Figure, string Target, bool? Ok, string Load);
}

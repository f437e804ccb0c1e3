using System.Diagnostics;
using System.Globalization;
using Dpse.Core;
using Dpse.Core.Audit;
using Dpse.Core.Commands;
using Dpse.Core.Identity;
using Dpse.Core.Stories;
using Dpse.Storage.LiteDb;
using Dpse.Storage.LiteDb.Deliveries;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dpse.Bench.Store;

/// <summary>
/// Search and share latency over the LiteDB store at a given size, and the process working set after the store is
/// loaded. Stories are generated with a Zipf-like vocabulary so common words match many stories, as in real text.
/// Usage: store [count...] (default 10000 100000).
/// </summary>
public static class StoreBench
{
    private const int Queries = 1000;
    private const int Shares = 500;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 2 && args[0] == "--measure")
        {
            // The child process: open an existing file and measure, so the working set is that of a bot that just started.
            await MeasureAsync(args[1]);
            return 0;
        }

        var sizes = args.Length == 0 ? [10_000, 100_000] : args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        foreach (var size in sizes)
        {
            await RunOneAsync(size);
        }

        return 0;
    }

    private static async Task RunOneAsync(int size)
    {
        var folder = Directory.CreateTempSubdirectory("dpse-bench-").FullName;
        var path = Path.Combine(folder, "dpse.db");
        try
        {
            var random = new Random(42);
            var vocabulary = Vocabulary.Create(random);
            var load = Stopwatch.StartNew();
            using (var provider = Build(path))
            {
                var stories = provider.GetRequiredService<IStoryStore>();
                var author = new ActorRef(Platforms.Shell, "local", "bench");
                var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
                const int batch = 5_000;
                for (var from = 0; from < size; from += batch)
                {
                    var chunk = Enumerable.Range(from + 1, Math.Min(batch, size - from))
                        .Select(n => vocabulary.Story(random, n, author, start.AddMinutes(n)))
                        .ToList();
                    await stories.ImportAsync(chunk, new AuditEntry(start, author, "bench", "import", "stories"), CancellationToken.None);
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stories={size:N0}  written in {load.Elapsed.TotalSeconds:F1} s, file {new FileInfo(path).Length / 1048576.0:F0} MB"));
            await MeasureInChildAsync(path);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task MeasureInChildAsync(string path)
    {
        var self = Environment.ProcessPath!;
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            arguments.Add(typeof(StoreBench).Assembly.Location);
        }

        arguments.AddRange(["store", "--measure", path]);
        using var child = Process.Start(new ProcessStartInfo(self, arguments) { UseShellExecute = false })!;
        await child.WaitForExitAsync();
    }

    private static async Task MeasureAsync(string path)
    {
        var random = new Random(7);
        var vocabulary = Vocabulary.Create(new Random(42));
        var load = Stopwatch.StartNew();
        using var reopened = Build(path);
        var store = reopened.GetRequiredService<IStoryStore>();
        var size = await store.CountAsync(CancellationToken.None);
        var opened = load.Elapsed;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var afterLoad = process.WorkingSet64;
        var heapAfterLoad = GC.GetTotalMemory(false);
        var dispatcher = reopened.GetRequiredService<ICommandDispatcher>();
        var member = new Actor(new ActorRef(Platforms.Slack, "T1", "U1"), "Bench member", IsModerator: false);
        var place = new ChannelRef(Platforms.Slack, "T1", "C1");

        // Warm up the JIT and caches.
        for (var i = 0; i < 50; i++)
        {
            await dispatcher.DispatchTextAsync($"story search {vocabulary.Query(random)}", member, place, false, CancellationToken.None);
        }

        var search = new List<double>(Queries);
        var matched = 0L;
        for (var i = 0; i < Queries; i++)
        {
            var query = vocabulary.Query(random);
            var watch = Stopwatch.StartNew();
            var page = await store.SearchAsync(new StoryQuery { Text = query, Viewer = member, PageSize = 5 }, CancellationToken.None);
            search.Add(watch.Elapsed.TotalMilliseconds);
            matched += page.Total;
        }

        var searchCommand = new List<double>(Queries);
        for (var i = 0; i < Queries; i++)
        {
            var query = vocabulary.Query(random);
            var watch = Stopwatch.StartNew();
            await dispatcher.DispatchTextAsync($"story search {query}", member, place, false, CancellationToken.None);
            searchCommand.Add(watch.Elapsed.TotalMilliseconds);
        }

        var share = new List<double>(Shares);
        for (var i = 0; i < Shares; i++)
        {
            var text = $"story share outcome:failure title:\"{vocabulary.Sentence(random, 6)}\" summary:\"{vocabulary.Sentence(random, 40)}\" lessons:\"{vocabulary.Sentence(random, 30)}\" tags:{vocabulary.Word(random)},{vocabulary.Word(random)} org:\"Bench Council\"";
            var watch = Stopwatch.StartNew();
            var reply = await dispatcher.DispatchTextAsync(text, member, place, false, CancellationToken.None);
            share.Add(watch.Elapsed.TotalMilliseconds);
            if (reply.IsError)
            {
                throw new InvalidOperationException("share failed: " + reply.Message.FallbackText);
            }
        }

        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
              opened (index rebuilt from {size:N0} stories) in {opened.TotalSeconds:F1} s
              search (store)        p50 {Percentile(search, 50):F2} ms  p95 {Percentile(search, 95):F2} ms  p99 {Percentile(search, 99):F2} ms  (avg {matched / (double)Queries:F0} matches/query)
              story search (cmd)    p50 {Percentile(searchCommand, 50):F2} ms  p95 {Percentile(searchCommand, 95):F2} ms  p99 {Percentile(searchCommand, 99):F2} ms
              story share (cmd)     p50 {Percentile(share, 50):F2} ms  p95 {Percentile(share, 95):F2} ms  p99 {Percentile(share, 99):F2} ms
              working set after load {afterLoad / 1048576.0:F0} MB (managed heap {heapAfterLoad / 1048576.0:F0} MB); after the run {process.WorkingSet64 / 1048576.0:F0} MB
            """));
    }

    private static ServiceProvider Build(string path)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dpse:Storage:LiteDb:Path"] = path,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddOptions<ExchangeOptions>();
        services.AddDpseLiteDbStore(configuration);
        services.AddDpseLiteDbDeliveries();
        services.AddDpseCore();
        return services.BuildServiceProvider();
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}

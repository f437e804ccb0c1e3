using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Sending;
using Dpse.Discord;
using Dpse.Discord.Interactions;
using Dpse.Discord.Rest;
using Dpse.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dpse.Bench.Discord;

/// <summary>
/// Discord figures against a loopback fake: interaction → response latency (p50/p99 at 200 interactions/s, real
/// router over in-memory stores), and rate-limited fan-out (500 channels, then 20 messages to one channel) as a
/// ratio to the rate-limit floor with the number of 429s received.
/// Run: <c>dotnet run -c Release --project bench/Dpse.Bench -- discord [seconds]</c>.
/// </summary>
public static class DiscordBench
{
    private const string ApplicationId = "352205866889641984";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 && int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 5;
        using var fake = new LoopbackDiscord();
        var options = Options.Create(new DiscordOptions { Enabled = true, Token = "bench-token", ApplicationId = ApplicationId, ApiBaseUrl = fake.ApiBaseUrl });
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        var rest = new DiscordRestClient(http, options, TimeProvider.System, NullLogger<DiscordRestClient>.Instance);

        Console.WriteLine($"Discord bench against {fake.BaseUrl} (loopback fake: {fake.GlobalPerSecond} req/s global, {fake.PerChannel} messages/5 s per channel)");
        await InteractionLatencyAsync(fake, rest, options, seconds);
        var ok = await FanOutAsync(fake, rest, channels: 500, perChannel: 1);
        ok &= await FanOutAsync(fake, rest, channels: 1, perChannel: 20);
        return ok ? 0 : 1;
    }

    private static async Task InteractionLatencyAsync(LoopbackDiscord fake, DiscordRestClient rest, IOptions<DiscordOptions> options, int seconds)
    {
        using var exchange = TestExchange.Create();
        await exchange.RunAsync("story share outcome:failure title:\"Search rebuild stalled\" summary:\"Solr index rebuild took weeks\" org:\"Anytown Council\"");
        var responder = new InteractionResponder(rest, TimeProvider.System, NullLogger<InteractionResponder>.Instance);
        var handler = new InteractionHandler(responder, exchange.Dispatcher, [exchange.Completions], options, TimeProvider.System, NullLogger<InteractionHandler>.Instance);

        // Warm up JIT, connections and the router.
        for (var i = 0; i < 50; i++)
        {
            await handler.HandleAsync(Interaction($"9{i:D17}"), CancellationToken.None);
        }

        const int Rate = 200;
        var total = Rate * seconds;
        var started = new long[total];
        var tasks = new Task[total];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / Rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var element = Interaction($"1{i:D17}");
            started[i] = Stopwatch.GetTimestamp();
            tasks[i] = Task.Run(() => handler.HandleAsync(element, CancellationToken.None));
        }

        await Task.WhenAll(tasks);
        var latencies = new List<double>(total);
        for (var i = 0; i < total; i++)
        {
            if (fake.CallbackAt($"1{i:D17}") is { } at)
            {
                latencies.Add(Stopwatch.GetElapsedTime(started[i], at).TotalMilliseconds);
            }
        }

        latencies.Sort();
        var achieved = total / clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"interaction -> response: {latencies.Count}/{total} answered at {achieved:0} interactions/s; p50 {Percentile(latencies, 0.50):0.00} ms, p99 {Percentile(latencies, 0.99):0.00} ms, max {latencies[^1]:0.00} ms (target p99 <= 20 ms)"));
    }

    private static async Task<bool> FanOutAsync(LoopbackDiscord fake, DiscordRestClient rest, int channels, int perChannel)
    {
        fake.Reset();
        var sender = new DiscordMessageSender(rest);
        var message = Message.Simple("Weekly digest", "Three new failures and what they taught us.");
        var before = rest.RateLimitedCount;
        var clock = Stopwatch.StartNew();
        var sends = new List<Task<SendResult>>();
        for (var c = 0; c < channels; c++)
        {
            var channel = new ChannelTarget(new ChannelRef(Platforms.Discord, "1", (100000000000000000L + c).ToString(CultureInfo.InvariantCulture)));
            for (var m = 0; m < perChannel; m++)
            {
                sends.Add(sender.SendAsync(channel, message, $"bench:{c}:{m}", CancellationToken.None));
            }
        }

        var results = await Task.WhenAll(sends);
        var elapsed = clock.Elapsed.TotalSeconds;
        var total = channels * perChannel;

        // Floors as in the research note: N / 50 s for the global limit; (ceil(m / 5) - 1) * 5 s for one channel.
        var floor = Math.Max(total / (double)fake.GlobalPerSecond, (Math.Ceiling(perChannel / (double)fake.PerChannel) - 1) * 5);
        var sent = results.Count(r => r.Status == SendStatus.Sent);
        var received429 = rest.RateLimitedCount - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{channels} channel(s) x {perChannel} message(s): {sent}/{total} sent in {elapsed:0.00} s; floor {floor:0.00} s; ratio {elapsed / floor:0.000} (target <= 1.05); 429s received {received429} (target 0)"));
        return sent == total;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    internal static JsonElement Interaction(string id)
    {
        var json = new JsonObject
        {
            ["id"] = id,
            ["application_id"] = ApplicationId,
            ["type"] = 2,
            ["token"] = "token" + id,
            ["version"] = 1,
            ["guild_id"] = "290926798626357999",
            ["channel_id"] = "645027906669510667",
            ["member"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "53908232506183680", ["username"] = "mason" }, ["roles"] = new JsonArray() },
            ["data"] = new JsonObject
            {
                ["id"] = "771825006014889984",
                ["name"] = "dpse",
                ["type"] = 1,
                ["options"] = new JsonArray(new JsonObject
                {
                    ["type"] = 2,
                    ["name"] = "story",
                    ["options"] = new JsonArray(new JsonObject { ["type"] = 1, ["name"] = "show", ["options"] = new JsonArray(new JsonObject { ["type"] = 3, ["name"] = "story", ["value"] = "S-1" }) }),
                }),
            },
        };
        return JsonDocument.Parse(json.ToJsonString()).RootElement.Clone();
    }
}

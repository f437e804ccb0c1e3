using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dpse.Bench.Discord;
using Dpse.Discord;
using Dpse.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NSec.Cryptography;

namespace Dpse.Bench.Http;

/// <summary>
/// Signed Discord interaction over HTTP → response latency: <c>POST /discord/interactions</c> on Kestrel (127.0.0.1),
/// each request signed with a real Ed25519 key, verified, run through the real router over in-memory stores and answered
/// in the HTTP response. Open loop at 200 requests/s; reports p50/p99 from send to the full response (target p99 ≤ 20 ms).
/// Run: <c>dotnet run -c Release --project bench/Dpse.Bench -- http-discord [seconds]</c>.
/// </summary>
public static class DiscordHttpBench
{
    private const int Rate = 200;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 && int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 10;
        using var discord = new LoopbackDiscord();
        using var exchange = TestExchange.Create();
        await exchange.RunAsync("story share outcome:failure title:\"Search rebuild stalled\" summary:\"Solr index rebuild took weeks\" org:\"Anytown Council\"");
        using var key = Key.Create(SignatureAlgorithm.Ed25519);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dpse:Discord:Enabled"] = "true",
            ["Dpse:Discord:Interactions"] = "Http",
            ["Dpse:Discord:Token"] = "bench-token",
            ["Dpse:Discord:ApplicationId"] = "352205866889641984",
            ["Dpse:Discord:PublicKey"] = Convert.ToHexStringLower(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
            ["Dpse:Discord:ApiBaseUrl"] = discord.ApiBaseUrl,
            ["Dpse:Discord:RegistrationHashFile"] = Path.Combine(Path.GetTempPath(), "dpse-bench-http.json"),
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(exchange.Dispatcher);
        builder.Services.AddSingleton(exchange.Completions);
        builder.Services.AddDpseDiscord(builder.Configuration);
        await using var app = builder.Build();
        app.MapDiscordInteractions();
        await app.StartAsync();

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(app.Urls.First()) };
        Console.WriteLine($"Discord HTTP interactions bench against {http.BaseAddress} ({Rate} signed requests/s for {seconds} s)");

        // Warm up JIT, connections and the router.
        for (var i = 0; i < 100; i++)
        {
            await PostAsync(http, key, $"8{i:D17}");
        }

        var total = Rate * seconds;
        var tasks = new Task<(bool Ok, double Milliseconds)>[total];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / Rate) - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var id = $"1{i:D17}";
            tasks[i] = Task.Run(() => PostAsync(http, key, id));
        }

        var results = await Task.WhenAll(tasks);
        var achieved = total / clock.Elapsed.TotalSeconds;
        var latencies = results.Where(r => r.Ok).Select(r => r.Milliseconds).Order().ToList();
        await app.StopAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"signed interaction -> response: {latencies.Count}/{total} answered 200 at {achieved:0} requests/s; p50 {Percentile(latencies, 0.50):0.00} ms, p99 {Percentile(latencies, 0.99):0.00} ms, max {(latencies.Count > 0 ? latencies[^1] : double.NaN):0.00} ms (target p99 <= 20 ms)"));
        return latencies.Count == total ? 0 : 1;
    }

    private static async Task<(bool Ok, double Milliseconds)> PostAsync(HttpClient http, Key key, string id)
    {
        var body = DiscordBench.Interaction(id).GetRawText();
        var started = Stopwatch.GetTimestamp();
        var stamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(SignatureAlgorithm.Ed25519.Sign(key, Encoding.UTF8.GetBytes(stamp + body)));
        using var request = new HttpRequestMessage(HttpMethod.Post, DiscordEndpoints.InteractionsPath) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Signature-Ed25519", signature);
        request.Headers.TryAddWithoutValidation("X-Signature-Timestamp", stamp);
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return (response.IsSuccessStatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

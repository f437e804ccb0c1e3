using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Dpse.Core;
using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Deliveries;
using Dpse.Core.Events;
using Dpse.Core.Members;
using Dpse.Core.Stories;
using Dpse.Slack;
using Dpse.Testing.InMemory;
using Dpse.Testing.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dpse.Bench.Slack;

/// <summary>
/// Socket Mode acknowledgement latency: a loopback fake Slack (HttpListener: Web API plus the Socket Mode WebSocket)
/// sends <c>/dpse help</c> slash-command envelopes at a steady rate to the real adapter over the real core, and times each
/// envelope from just before it is written to the socket until its acknowledgement (carrying the reply) is read back.
/// That round trip includes both socket hops, so it bounds "envelope received → ack sent" from above. Real clock.
/// Usage: slack-socket [perSecond] [seconds] (default 200 5).
/// </summary>
public static class SlackSocketBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var perSecond = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}/";
        using var listener = new HttpListener();
        listener.Prefixes.Add(baseUrl);
        listener.Start();

        var socketReady = new TaskCompletionSource<WebSocket>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var serving = ServeAsync(listener, port, socketReady, stop.Token);

        using var provider = Build(new Uri(baseUrl + "api/"));
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        var socket = await socketReady.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var sentAt = new ConcurrentDictionary<string, long>();
        var latencies = new ConcurrentBag<double>();
        var acked = 0;
        var total = perSecond * seconds;
        var allAcked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiving = ReceiveAcksAsync(socket, sentAt, latencies, () =>
        {
            if (Interlocked.Increment(ref acked) == total)
            {
                allAcked.TrySetResult();
            }
        }, stop.Token);

        // Warm up the JIT and the core with a few envelopes that are not counted.
        for (var i = 0; i < 20; i++)
        {
            await SendAsync(socket, $"warm-{i}", sentAt: null, baseUrl);
        }

        await Task.Delay(500);
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        for (var i = 0; i < total; i++)
        {
            var due = interval * i;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            await SendAsync(socket, $"env-{i}", sentAt, baseUrl);
        }

        var finished = await Task.WhenAny(allAcked.Task, Task.Delay(TimeSpan.FromSeconds(30))) == allAcked.Task;
        var sorted = latencies.Order().ToList();
        double P(int p) => sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"envelope -> ack (with the reply) at {perSecond}/s for {seconds} s: {sorted.Count}/{total} acknowledged{(finished ? "" : " (some missing after 30 s)")}; p50 {P(50):F2} ms, p99 {P(99):F2} ms, max {(sorted.Count == 0 ? double.NaN : sorted[^1]):F2} ms (target p99 <= 20 ms)"));

        await stop.CancelAsync();
        foreach (var service in hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }

        listener.Stop();
        await Task.WhenAny(Task.WhenAll(serving, receiving), Task.Delay(TimeSpan.FromSeconds(5)));
        return finished ? 0 : 1;
    }

    private static Task SendAsync(WebSocket socket, string envelopeId, ConcurrentDictionary<string, long>? sentAt, string baseUrl)
    {
        var envelope = new JsonObject
        {
            ["envelope_id"] = envelopeId,
            ["type"] = "slash_commands",
            ["accepts_response_payload"] = true,
            ["payload"] = new JsonObject
            {
                ["team_id"] = "T111",
                ["channel_id"] = "C111",
                ["user_id"] = "U111",
                ["user_name"] = "bench",
                ["command"] = "/dpse",
                ["text"] = "help",
                ["api_app_id"] = "A111",
                ["response_url"] = baseUrl + "response/" + envelopeId,
                ["trigger_id"] = "111.222.bench",
            },
        };
        var bytes = Encoding.UTF8.GetBytes(envelope.ToJsonString());
        sentAt?.TryAdd(envelopeId, Stopwatch.GetTimestamp());
        return socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
    }

    private static async Task ReceiveAcksAsync(WebSocket socket, ConcurrentDictionary<string, long> sentAt, ConcurrentBag<double> latencies, Action counted, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 20];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                var now = Stopwatch.GetTimestamp();
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                var id = JsonNode.Parse(buffer.AsSpan(0, length))?["envelope_id"]?.GetValue<string>();
                if (id is not null && sentAt.TryRemove(id, out var sent))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds);
                    counted();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The bench is over.
        }
    }

    private static async Task ServeAsync(HttpListener listener, int port, TaskCompletionSource<WebSocket> socketReady, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                var path = context.Request.Url!.AbsolutePath;
                if (path.StartsWith("/link", StringComparison.Ordinal) && context.Request.IsWebSocketRequest)
                {
                    var socket = (await context.AcceptWebSocketAsync(null)).WebSocket;
                    var hello = """{"type":"hello","num_connections":1,"connection_info":{"app_id":"A111"}}"""u8.ToArray();
                    await socket.SendAsync(hello, WebSocketMessageType.Text, true, CancellationToken.None);
                    socketReady.TrySetResult(socket);
                    return;
                }

                var body = path switch
                {
                    "/api/auth.test" => """{"ok":true,"url":"https://fake.slack.com/","team":"Fake","user":"dpse","team_id":"T111","user_id":"UBOT","bot_id":"BBOT"}""",
                    "/api/apps.connections.open" => $$"""{"ok":true,"url":"ws://127.0.0.1:{{port}}/link/"}""",
                    _ => """{"ok":true,"ts":"1.000100","channel":"C111"}""",
                };
                var bytes = Encoding.UTF8.GetBytes(body);
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }, cancellationToken);
        }
    }

    private static ServiceProvider Build(Uri apiBase)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dpse:Slack:Enabled"] = "true",
            ["Dpse:Slack:BotToken"] = "xoxb-bench",
            ["Dpse:Slack:AppToken"] = "xapp-bench",
            ["Dpse:Slack:ApiBaseUrl"] = apiBase.ToString(),
        }).Build();
        var stores = new InMemoryExchangeStores();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddOptions<ExchangeOptions>();
        services.AddSingleton<IStoryStore>(stores.Stories);
        services.AddSingleton<IEventStore>(stores.Events);
        services.AddSingleton<IChannelSettingsStore>(stores.ChannelSettings);
        services.AddSingleton<IMemberSettingsStore>(stores.MemberSettings);
        services.AddSingleton<IAuditLog>(stores.Audit);
        services.AddSingleton<IDeliveryStore>(new InMemoryDeliveryStore());
        services.AddDpseCore();
        services.AddDpseSlack(configuration);
        return services.BuildServiceProvider();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

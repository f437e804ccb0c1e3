using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dpse.Slack.Tests.Fakes;

/// <summary>One Web API call the fake received: the body as JSON whatever its encoding, and the fake clock's time.</summary>
internal sealed record ApiCall(string Method, string? Authorization, string ContentType, JsonObject Body, DateTimeOffset At, int Sequence)
{
    public string Str(string name) => Body[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}

/// <summary>
/// A loopback Slack: the Web API on <c>/api/{method}</c>, response URLs on <c>/response/{id}</c>, and Socket Mode
/// WebSockets on <c>/link</c> handed out by the fake <c>apps.connections.open</c>. Kestrel on 127.0.0.1, port 0.
/// </summary>
internal sealed class FakeSlack : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<ApiCall, (int Status, string Body, string? RetryAfter)>>> _scripts = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private int _sequence;
    private int _ts;
    private TaskCompletionSource? _holdHello;
    private TaskCompletionSource? _heldHello;

    private FakeSlack(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
    }

    public Uri BaseUrl { get; private set; } = null!;

    public Uri ApiUrl => new(BaseUrl, "api/");

    public AsyncLog<ApiCall> Calls { get; } = new();

    public AsyncLog<FakeSocket> Sockets { get; } = new();

    /// <summary>Ordered socket events: open:n, hello:n, closed:n.</summary>
    public AsyncLog<string> SocketEvents { get; } = new();

    /// <summary>The hello sent on each new socket.</summary>
    public string HelloJson { get; set; } = """{"type":"hello","num_connections":1,"debug_info":{"host":"applink-fake","build_number":1,"approximate_connection_time":18060},"connection_info":{"app_id":"A111"}}""";

    public Uri ResponseUrl(string id) => new(BaseUrl, "response/" + id);

    public static async Task<FakeSlack> StartAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeSlack(app, clock);
        app.UseWebSockets();
        app.MapPost("/api/{method}", fake.HandleApiAsync);
        app.MapPost("/response/{id}", fake.HandleResponseUrlAsync);
        app.Map("/link", fake.HandleSocketAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return fake;
    }

    /// <summary>Scripts the next answer to <paramref name="method"/> (answers queue in order, then the defaults resume).</summary>
    public void Script(string method, int status, string body, string? retryAfter = null) =>
        _scripts.GetOrAdd(method, _ => new()).Enqueue(_ => (status, body, retryAfter));

    /// <summary>The next socket waits for <see cref="ReleaseHello"/> before saying hello.</summary>
    public void HoldNextHello() => _holdHello = _heldHello = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseHello() => _heldHello?.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        foreach (var socket in Sockets.Snapshot())
        {
            socket.Abort();
        }

        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleApiAsync(HttpContext context, string method)
    {
        var call = await RecordAsync(context, method);
        var (status, body, retryAfter) = _scripts.TryGetValue(method, out var queue) && queue.TryDequeue(out var script)
            ? script(call)
            : (200, Default(call), null);
        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body);
    }

    private async Task HandleResponseUrlAsync(HttpContext context, string id)
    {
        await RecordAsync(context, "response_url:" + id);
        await context.Response.WriteAsync("ok");
    }

    private async Task<ApiCall> RecordAsync(HttpContext context, string method)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync();
        var contentType = context.Request.ContentType ?? "";
        JsonObject body;
        if (contentType.StartsWith("application/json", StringComparison.Ordinal))
        {
            body = JsonNode.Parse(raw) as JsonObject ?? [];
        }
        else
        {
            body = [];
            foreach (var (key, value) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(raw))
            {
                body[key] = value.ToString();
            }
        }

        var call = new ApiCall(method, context.Request.Headers.Authorization.ToString(), contentType, body, _clock.GetUtcNow(), Interlocked.Increment(ref _sequence));
        Calls.Add(call);
        return call;
    }

    private string Default(ApiCall call)
    {
        var ts = "1700000000." + Interlocked.Increment(ref _ts).ToString("D6", CultureInfo.InvariantCulture);
        return call.Method switch
        {
            "auth.test" => """{"ok":true,"url":"https://fake.slack.com/","team":"Fake","user":"dpse","team_id":"T111","user_id":"UBOT","bot_id":"BBOT"}""",
            "apps.connections.open" => new JsonObject { ["ok"] = true, ["url"] = new Uri(BaseUrl, "link/?ticket=" + call.Sequence.ToString(CultureInfo.InvariantCulture)).ToString().Replace("http://", "ws://", StringComparison.Ordinal) }.ToJsonString(),
            "chat.postMessage" => new JsonObject { ["ok"] = true, ["channel"] = call.Str("channel"), ["ts"] = ts }.ToJsonString(),
            "chat.postEphemeral" => new JsonObject { ["ok"] = true, ["message_ts"] = ts }.ToJsonString(),
            "chat.update" => new JsonObject { ["ok"] = true, ["channel"] = call.Str("channel"), ["ts"] = call.Str("ts") }.ToJsonString(),
            "views.open" => """{"ok":true,"view":{"id":"V111"}}""",
            "conversations.open" => new JsonObject { ["ok"] = true, ["channel"] = new JsonObject { ["id"] = "D" + call.Str("users") } }.ToJsonString(),
            _ => """{"ok":false,"error":"unknown_method"}""",
        };
    }

    private async Task HandleSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var webSocket = await context.WebSockets.AcceptWebSocketAsync();
        var socket = new FakeSocket(Sockets.Count + 1, webSocket, SocketEvents);
        Sockets.Add(socket);
        SocketEvents.Add($"open:{socket.Number}");
        var hold = Interlocked.Exchange(ref _holdHello, null);
        var reading = socket.ReadAsync();
        if (hold is not null)
        {
            await Task.WhenAny(hold.Task, reading);
        }

        if (!reading.IsCompleted)
        {
            await socket.SendAsync(HelloJson);
            SocketEvents.Add($"hello:{socket.Number}");
        }

        await reading;
    }
}

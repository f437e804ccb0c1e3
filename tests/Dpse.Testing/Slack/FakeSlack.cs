using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dpse.Testing.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dpse.Testing.Slack;

/// <summary>
/// A loopback Slack: the Web API on <c>/api/{method}</c>, response URLs on <c>/response/{id}</c>, and Socket Mode
/// WebSockets on <c>/link</c> handed out by the fake <c>apps.connections.open</c>. Kestrel on 127.0.0.1, port 0.
/// </summary>
public sealed class FakeSlack : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<ApiCall, (int Status, string Body, string? RetryAfter)>>> _scripts = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly List<PostedMessage> _posted = [];
    private readonly ConcurrentDictionary<string, (int Status, string Body, string? RetryAfter)> _always = new(StringComparer.Ordinal);
    private int _sequence;
    private int _ts;
    private readonly SlackPostLimits _limits;
    private TaskCompletionSource? _holdHello;
    private TaskCompletionSource? _heldHello;
    private int _tooManyRequests;

    private FakeSlack(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
        _limits = new SlackPostLimits(clock);
    }

    public Uri BaseUrl { get; private set; } = null!;

    public Uri ApiUrl => new(BaseUrl, "api/");

    public AsyncLog<ApiCall> Calls { get; } = new();

    /// <summary>Every message chat.postMessage created (what people see), with its metadata.</summary>
    public IReadOnlyList<PostedMessage> Posted
    {
        get
        {
            lock (_posted)
            {
                return [.. _posted];
            }
        }
    }

    public AsyncLog<FakeSocket> Sockets { get; } = new();

    /// <summary>Ordered socket events: open:n, hello:n, closed:n.</summary>
    public AsyncLog<string> SocketEvents { get; } = new();

    /// <summary>The hello sent on each new socket.</summary>
    public string HelloJson { get; set; } = """{"type":"hello","num_connections":1,"debug_info":{"host":"applink-fake","build_number":1,"approximate_connection_time":18060},"connection_info":{"app_id":"A111"}}""";

    /// <summary>When set, chat.postMessage is limited per channel: see <see cref="SlackPostLimits.ChannelPostBurst"/>.</summary>
    public int? ChannelPostBurst
    {
        get => (int?)_limits.ChannelPostBurst;
        set => _limits.ChannelPostBurst = value;
    }

    /// <summary>
    /// When set, chat.postMessage is limited across the workspace: a bucket of one second's worth refilled at this many a
    /// minute (see <see cref="SlackPostLimits"/>).
    /// </summary>
    public int? WorkspacePostsPerMinute
    {
        get => _limits.WorkspacePostsPerMinute;
        set => _limits.WorkspacePostsPerMinute = value;
    }

    /// <summary>Simulated latency of each Web API answer.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>How many 429s the fake has answered.</summary>
    public int TooManyRequestsSent => Volatile.Read(ref _tooManyRequests);

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

    /// <summary>
    /// Answers every call of <paramref name="method"/> (to <paramref name="channel"/> when given: a broken channel) the
    /// same way, until <see cref="Heal"/>.
    /// </summary>
    public void ScriptAlways(string method, string? channel, int status, string body, string? retryAfter = null) =>
        _always[method + "|" + channel] = (status, body, retryAfter);

    /// <summary>Stops answering <paramref name="method"/> as scripted by <see cref="ScriptAlways"/>.</summary>
    public void Heal(string method, string? channel) => _always.TryRemove(method + "|" + channel, out _);

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
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, _clock);
        }

        var (status, body, retryAfter) = _always.TryGetValue(method + "|" + call.Str("channel"), out var broken) || _always.TryGetValue(method + "|", out broken)
            ? broken
            : _scripts.TryGetValue(method, out var queue) && queue.TryDequeue(out var script)
                ? script(call)
                : Limited(call) is { } limited
                    ? limited
                    : (200, Default(call), null);
        if (status == 429)
        {
            Interlocked.Increment(ref _tooManyRequests);
        }
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

    // chat.postMessage within Slack's limits when they are set (see ChannelPostBurst, WorkspacePostsPerMinute).
    private (int Status, string Body, string? RetryAfter)? Limited(ApiCall call) =>
        call.Method == "chat.postMessage" && _limits.TryPost(call.Str("channel"), _clock.GetTimestamp()) is { } limited
            ? (429, SlackTooManyRequests.Body, limited.RetryAfter)
            : null;

    private string Default(ApiCall call)
    {
        var ts = "1700000000." + Interlocked.Increment(ref _ts).ToString("D6", CultureInfo.InvariantCulture);
        return call.Method switch
        {
            "auth.test" => """{"ok":true,"url":"https://fake.slack.com/","team":"Fake","user":"dpse","team_id":"T111","user_id":"UBOT","bot_id":"BBOT"}""",
            "apps.connections.open" => new JsonObject { ["ok"] = true, ["url"] = new Uri(BaseUrl, "link/?ticket=" + call.Sequence.ToString(CultureInfo.InvariantCulture)).ToString().Replace("http://", "ws://", StringComparison.Ordinal) }.ToJsonString(),
            "chat.postMessage" => Post(call, ts),
            "conversations.history" => History(call),
            "chat.postEphemeral" => new JsonObject { ["ok"] = true, ["message_ts"] = ts }.ToJsonString(),
            "chat.update" => new JsonObject { ["ok"] = true, ["channel"] = call.Str("channel"), ["ts"] = call.Str("ts") }.ToJsonString(),
            "views.open" => """{"ok":true,"view":{"id":"V111"}}""",
            "conversations.open" => new JsonObject { ["ok"] = true, ["channel"] = new JsonObject { ["id"] = "D" + call.Str("users") } }.ToJsonString(),
            _ => """{"ok":false,"error":"unknown_method"}""",
        };
    }

    private string Post(ApiCall call, string ts)
    {
        lock (_posted)
        {
            _posted.Add(new PostedMessage(call.Str("channel"), ts, call.Body, call.At));
        }

        return new JsonObject { ["ok"] = true, ["channel"] = call.Str("channel"), ["ts"] = ts }.ToJsonString();
    }

    // conversations.history: newest first, messages at or after `oldest` (compared with the fake clock's time of the
    // post), `metadata` only with include_all_metadata, paged by an offset cursor.
    private string History(ApiCall call)
    {
        var oldest = double.TryParse(call.Str("oldest"), NumberStyles.Float, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var limit = int.TryParse(call.Str("limit"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 999) : 100;
        var offset = int.TryParse(call.Str("cursor"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c : 0;
        var withMetadata = call.Str("include_all_metadata") == "true";
        List<PostedMessage> matching;
        lock (_posted)
        {
            matching = [.. _posted.Where(p => p.Channel == call.Str("channel") && p.At.ToUnixTimeMilliseconds() / 1000.0 >= oldest).Reverse()];
        }

        var page = matching.Skip(offset).Take(limit).Select(p =>
        {
            var message = new JsonObject { ["type"] = "message", ["user"] = "UBOT", ["bot_id"] = "BBOT", ["ts"] = p.Ts, ["text"] = p.Body["text"]?.DeepClone() ?? "" };
            if (withMetadata && p.Body["metadata"] is JsonObject metadata)
            {
                message["metadata"] = metadata.DeepClone();
            }

            return (JsonNode)message;
        });
        var more = offset + limit < matching.Count;
        return new JsonObject
        {
            ["ok"] = true,
            ["messages"] = new JsonArray([.. page]),
            ["has_more"] = more,
            ["response_metadata"] = new JsonObject { ["next_cursor"] = more ? (offset + limit).ToString(CultureInfo.InvariantCulture) : "" },
        }.ToJsonString();
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

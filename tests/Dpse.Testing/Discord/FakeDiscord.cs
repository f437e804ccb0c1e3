using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Dpse.Testing.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Dpse.Testing.Discord;

/// <summary>
/// A loopback Discord on 127.0.0.1 (Kestrel, port 0): REST under <c>/api/v10</c> recording every request, with
/// optional enforcement of the global limit (requests/s) and the per-channel message limit (5 per 5 s), plus a gateway
/// WebSocket at <c>/gateway</c> whose connections the test drives frame by frame.
/// </summary>
public sealed class FakeDiscord : IAsyncDisposable
{
    /// <summary>The bot's application (and user) id: the author of every message the fake creates.</summary>
    public const string ApplicationId = "352205866889641984";

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly Channel<RecordedRequest> _requests = Channel.CreateUnbounded<RecordedRequest>();
    private readonly Channel<FakeGatewayConnection> _connections = Channel.CreateUnbounded<FakeGatewayConnection>();
    private readonly ConcurrentQueue<(Func<RecordedRequest, bool> When, FakeResponse Response)> _scripted = new();
    private readonly ConcurrentQueue<(Func<RecordedRequest, bool> When, FakeResponse Response)> _always = new();
    private readonly Lock _messagesLock = new();
    private readonly DiscordRateLimits _limits;
    private readonly List<StoredMessage> _messages = [];
    private int _messageIds = 1000;
    private int _tooManyRequests;
    private int _connectionCount;

    private FakeDiscord(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
        _limits = new DiscordRateLimits(time);
    }

    public List<RecordedRequest> All { get; } = [];

    /// <summary>The handler every test client aimed at this fake sends through, so the fake clock moves only while none of their requests is in flight.</summary>
    public IdleGate Idle { get; } = new();

    public string ApiBaseUrl => BaseUrl + "/api/v10";

    public string GatewayUrl => BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/gateway";

    public string BaseUrl { get; private set; } = "";

    /// <summary>When set, more than this many requests in one second get a global 429 (see <see cref="DiscordRateLimits"/>).</summary>
    public int? GlobalLimitPerSecond
    {
        get => _limits.GlobalPerSecond;
        set => _limits.GlobalPerSecond = value;
    }

    /// <summary>When set, more than this many message posts to one channel within 5 s get a 429 (see <see cref="DiscordRateLimits"/>).</summary>
    public int? ChannelMessagesPer5Seconds
    {
        get => _limits.ChannelMessagesPer5Seconds;
        set => _limits.ChannelMessagesPer5Seconds = value;
    }

    /// <summary>
    /// How long a nonce sent with <c>enforce_nonce</c> is remembered: Discord checks it for uniqueness "in the past few
    /// minutes" and returns the first message for a repeat; after the window a repeat creates a new message.
    /// </summary>
    public TimeSpan NonceWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Every message created, in order (what people see in the channels).</summary>
    public IReadOnlyList<StoredMessage> Messages
    {
        get
        {
            lock (_messagesLock)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Simulated latency of each REST answer.</summary>
    public TimeSpan Latency { get; set; }

    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    public int TooManyRequestsSent => Volatile.Read(ref _tooManyRequests);

    public static async Task<FakeDiscord> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeDiscord(app, time ?? TimeProvider.System);
        app.UseWebSockets();
        app.Map("/gateway", fake.GatewayAsync);
        app.Map("/gateway/{**rest}", fake.GatewayAsync);
        app.Map("/api/v10/{**rest}", fake.RestAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Urls.First().TrimEnd('/');
        return fake;
    }

    /// <summary>Answers the next request matching <paramref name="when"/> with <paramref name="response"/> (once).</summary>
    public void Script(Func<RecordedRequest, bool> when, FakeResponse response) => _scripted.Enqueue((when, response));

    /// <summary>Answers every request matching <paramref name="when"/> with <paramref name="response"/> (a broken channel).</summary>
    public void ScriptAlways(Func<RecordedRequest, bool> when, FakeResponse response) => _always.Enqueue((when, response));

    public async Task<RecordedRequest> NextRequestAsync(Func<RecordedRequest, bool>? where = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var request = await _requests.Reader.ReadAsync(timeout.Token);
            if (where is null || where(request))
            {
                return request;
            }
        }
    }

    public async Task<FakeGatewayConnection> NextConnectionAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _connections.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Every body sent so far, checked against Discord's OpenAPI description.</summary>
    public void AssertBodiesMatchOpenApi()
    {
        List<RecordedRequest> all;
        lock (All)
        {
            all = [.. All];
        }

        var problems = all.Where(r => r.Body.Length > 0).SelectMany(r => OpenApiValidator.Validate(r.Method, r.Path, r.Body)).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    public List<RecordedRequest> Requests(Func<RecordedRequest, bool> where)
    {
        lock (All)
        {
            return [.. All.Where(where)];
        }
    }

    private async Task RestAsync(HttpContext context)
    {
        string body;
        var files = new List<RecordedFile>();
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync();
            body = form["payload_json"].ToString();
            foreach (var file in form.Files)
            {
                using var fileReader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
                files.Add(new RecordedFile(file.Name, file.FileName, await fileReader.ReadToEndAsync()));
            }
        }
        else
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync();
        }

        var path = context.Request.Path.Value!["/api/v10".Length..];
        var request = new RecordedRequest(context.Request.Method, path, body,
            context.Request.Headers.Authorization.ToString(), context.Request.Headers.UserAgent.ToString(), context.Request.ContentType ?? "")
        {
            Files = files,
            Query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            At = _time.GetUtcNow(),
        };
        lock (All)
        {
            All.Add(request);
        }

        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency);
        }

        var response = Answer(request);
        if (response.Status == 429)
        {
            Interlocked.Increment(ref _tooManyRequests);
        }

        request.Status = response.Status;
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        await _requests.Writer.WriteAsync(request);
        if (response.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(response.Body);
        }
    }

    private FakeResponse Answer(RecordedRequest request)
    {
        foreach (var (when, response) in _always)
        {
            if (when(request))
            {
                return response;
            }
        }

        var count = _scripted.Count;
        for (var i = 0; i < count && _scripted.TryDequeue(out var scripted); i++)
        {
            if (scripted.When(request))
            {
                return scripted.Response;
            }

            _scripted.Enqueue(scripted);
        }

        var isMessage = DiscordRateLimits.IsMessagePost(request.Method, request.Path);
        var headers = new Dictionary<string, string>();
        var now = _time.GetTimestamp();
        if ((_limits.EnterGlobal(request.Path, now) ?? _limits.EnterChannel(request.Method, request.Path, now, headers)) is { } limited)
        {
            return FakeResponse.From(limited);
        }

        if (isMessage)
        {
            return CreateMessage(request, headers);
        }

        if (request.Method == "GET" && request.Path.StartsWith("/channels/", StringComparison.Ordinal) && request.Path.EndsWith("/messages", StringComparison.Ordinal))
        {
            return ListMessages(request);
        }

        if ((request.Method == "POST" && request.Path.StartsWith("/webhooks/", StringComparison.Ordinal)) || request.Method == "PATCH")
        {
            var id = Interlocked.Increment(ref _messageIds).ToString(CultureInfo.InvariantCulture);
            var channel = isMessage ? request.Path.Split('/')[2] : "1";
            return new FakeResponse(200, $$"""{"id":"{{id}}","channel_id":"{{channel}}","content":""}""", headers);
        }

        if (request.Path == "/users/@me/channels")
        {
            var recipient = JsonNode.Parse(request.Body)?["recipient_id"]?.GetValue<string>() ?? "0";
            return new FakeResponse(200, $$"""{"id":"9{{recipient}}","type":1}""");
        }

        if (request.Path.EndsWith("/callback", StringComparison.Ordinal) || request.Method == "DELETE")
        {
            return new FakeResponse(204, null);
        }

        if (request.Method == "PUT" && request.Path.EndsWith("/commands", StringComparison.Ordinal))
        {
            return new FakeResponse(200, request.Body);
        }

        if (request.Path == "/gateway/bot")
        {
            return new FakeResponse(200, $$$"""{"url":"{{{GatewayUrl}}}","shards":1,"session_start_limit":{"total":1000,"remaining":999,"reset_after":14400000,"max_concurrency":1}}""");
        }

        return new FakeResponse(404, """{"message":"404: Not Found","code":0}""");
    }

    private FakeResponse CreateMessage(RecordedRequest request, Dictionary<string, string> headers)
    {
        var channel = request.Path.Split('/')[2];
        var json = JsonNode.Parse(request.Body) as JsonObject ?? [];
        var nonce = json["nonce"]?.ToString();
        var enforce = json["enforce_nonce"] is JsonValue e && e.TryGetValue<bool>(out var b) && b;
        var now = _time.GetUtcNow();
        lock (_messagesLock)
        {
            if (enforce && nonce is not null
                && _messages.LastOrDefault(m => m.ChannelId == channel && m.Nonce == nonce && now - m.At < NonceWindow) is { } first)
            {
                return new FakeResponse(200, first.ToJson(withNonce: true).ToJsonString(), headers);
            }

            // Snowflakes carry their creation time, as Discord's do, so ?after= a time works.
            var sequence = (ulong)(Interlocked.Increment(ref _messageIds) & 0x3FFFFF);
            var id = ((ulong)(now.ToUnixTimeMilliseconds() - 1420070400000) << 22 | sequence).ToString(CultureInfo.InvariantCulture);
            var stored = new StoredMessage(id, channel, nonce, json, now);
            _messages.Add(stored);
            return new FakeResponse(200, stored.ToJson(withNonce: true).ToJsonString(), headers);
        }
    }

    // GET /channels/{id}/messages?after=&limit=: the oldest `limit` messages after the snowflake, newest first; as on
    // Discord, a fetched message carries no nonce.
    private FakeResponse ListMessages(RecordedRequest request)
    {
        var channel = request.Path.Split('/')[2];
        var after = request.Query.TryGetValue("after", out var a) ? ulong.Parse(a, CultureInfo.InvariantCulture) : 0;
        var limit = request.Query.TryGetValue("limit", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : 50;
        lock (_messagesLock)
        {
            var page = _messages
                .Where(m => m.ChannelId == channel && ulong.Parse(m.Id, CultureInfo.InvariantCulture) > after)
                .OrderBy(m => ulong.Parse(m.Id, CultureInfo.InvariantCulture))
                .Take(Math.Clamp(limit, 1, 100))
                .Reverse()
                .Select(m => (JsonNode)m.ToJson(withNonce: false));
            return new FakeResponse(200, new JsonArray([.. page]).ToJsonString());
        }
    }

    private async Task GatewayAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = (int)HttpStatusCode.BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new FakeGatewayConnection(socket, context.Request.PathBase + context.Request.Path, context.Request.QueryString.Value ?? "");
        Interlocked.Increment(ref _connectionCount);
        await _connections.Writer.WriteAsync(connection);
        await connection.RunAsync(context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        Idle.Dispose();
    }
}

using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dpse.Core.InFlight;
using Dpse.Core.Resilience;
using Microsoft.Extensions.Logging;

namespace Dpse.Discord.Gateway;

/// <summary>
/// One gateway shard: HELLO, heartbeats (first after <c>interval × jitter</c>), ACK tracking (a missed ACK means a
/// zombie: drop and resume), IDENTIFY with no intents (slash commands need none), READY, RESUME after drops and
/// op 7, op 9 (resumable or not), close codes (resume, re-identify, or stop on fatal ones). Reconnects use capped,
/// jittered backoff when connections keep failing. Malformed or unknown payloads are logged and skipped.
/// </summary>
internal sealed class GatewayShard(
    int shardId,
    int shardCount,
    Uri gatewayUrl,
    string token,
    IdentifyLimiter identifyLimiter,
    Func<JsonElement, CancellationToken, Task> onInteraction,
    TimeProvider timeProvider,
    Func<double> random,
    ILogger logger,
    Action<int, bool>? onSession = null)
{
    /// <summary>Intents: none. INTERACTION_CREATE is delivered regardless of intents.</summary>
    public const int Intents = 0;

    /// <summary>How long opening the WebSocket may take, on the injected clock.</summary>
    internal static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Waits between reconnects while connections keep failing: 1 s, 2 s, 4 s... at most a minute, each between half and all of it.</summary>
    private static readonly ExponentialBackoff ReconnectBackoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), jitter: 0.5);

    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly InFlightTasks _interactions = new(fault => Log.InteractionTaskFailed(logger, fault, shardId));
    private string? _sessionId;
    private Uri? _resumeUrl;
    private long? _sequence;
    private CancellationToken _lifetime;

    public int ShardId => shardId;

    /// <summary>Why the shard stopped for good, when it did (a close code's meaning; never the token).</summary>
    public string? FatalReason { get; private set; }

    /// <summary>The session id from READY (tests and logs).</summary>
    public string? SessionId => _sessionId;

    /// <summary>The last sequence number seen.</summary>
    public long? Sequence => Interlocked.Read(ref _sequenceValue) is var s && s >= 0 ? s : null;

    private long _sequenceValue = -1;

    /// <summary>Runs until cancelled or a fatal close; returns <see cref="GatewayOutcome.Fatal"/> or <see cref="GatewayOutcome.Stopped"/>.</summary>
    public async Task<GatewayOutcome> RunAsync(CancellationToken cancellationToken)
    {
        _lifetime = cancellationToken;
        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var resume = _sessionId is not null && _resumeUrl is not null && _sequence is not null;
                var (outcome, healthy) = await ConnectOnceAsync(resume, cancellationToken);
                switch (outcome)
                {
                    case GatewayOutcome.Fatal:
                    case GatewayOutcome.Stopped:
                        return outcome;
                    case GatewayOutcome.Reidentify:
                        ForgetSession();
                        break;
                    case GatewayOutcome.InvalidSession:
                        ForgetSession();
                        await Task.Delay(TimeSpan.FromSeconds(1 + (4 * random())), timeProvider, cancellationToken);
                        break;
                    default:
                        break;
                }

                failures = healthy ? 0 : failures + 1;
                if (failures > 0)
                {
                    var delay = ReconnectBackoff.Delay(failures, random());
                    Log.ShardReconnecting(logger, shardId, delay.TotalSeconds, failures);
                    await Task.Delay(delay, timeProvider, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        await _interactions.WaitAsync(TimeSpan.FromSeconds(10), timeProvider);
        return GatewayOutcome.Stopped;
    }

    private void ForgetSession()
    {
        _sessionId = null;
        _resumeUrl = null;
        _sequence = null;
        Interlocked.Exchange(ref _sequenceValue, -1);
    }

    private async Task<(GatewayOutcome Outcome, bool Healthy)> ConnectOnceAsync(bool resume, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var state = new ConnectionState();
        var url = WithQuery(resume ? _resumeUrl! : gatewayUrl);
        Task? heartbeat = null;
        try
        {
            using (var connectTimeout = new CancellationTokenSource(ConnectTimeout, timeProvider))
            using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectTimeout.Token))
            {
                await socket.ConnectAsync(url, connecting.Token);
            }

            var hello = await ReceiveAsync(socket, connection.Token);
            if (hello is null || Op(hello.RootElement) != 10
                || !hello.RootElement.GetProperty("d").TryGetProperty("heartbeat_interval", out var intervalElement))
            {
                hello?.Dispose();
                Log.NoHello(logger, shardId);
                return (CloseOutcome(socket), false);
            }

            var interval = TimeSpan.FromMilliseconds(intervalElement.GetDouble());
            hello.Dispose();
            heartbeat = HeartbeatAsync(socket, interval, state, connection.Token);

            if (resume)
            {
                await SendAsync(socket, new JsonObject { ["op"] = 6, ["d"] = new JsonObject { ["token"] = token, ["session_id"] = _sessionId, ["seq"] = _sequence } }, connection.Token);
            }
            else
            {
                await identifyLimiter.WaitAsync(shardId, connection.Token);
                await SendAsync(socket, Identify(), connection.Token);
            }

            while (!connection.IsCancellationRequested)
            {
                using var frame = await ReceiveAsync(socket, connection.Token);
                if (frame is null)
                {
                    if (state.Zombie)
                    {
                        Log.NoHeartbeatAck(logger, shardId);
                        return (GatewayOutcome.Resume, state.Healthy);
                    }

                    var code = (int?)socket.CloseStatus;
                    await CloseQuietlyAsync(socket, GatewayCloseCodes.ResumeLater);
                    var outcome = GatewayCloseCodes.Classify(code);
                    if (outcome == GatewayOutcome.Fatal)
                    {
                        FatalReason = $"gateway closed with {code}: {GatewayCloseCodes.Describe(code)}";
                        Log.GatewayClosedFatally(logger, shardId, code, GatewayCloseCodes.Describe(code));
                    }
                    else
                    {
                        Log.GatewayClosed(logger, shardId, GatewayCloseCodes.Describe(code), outcome);
                    }

                    return (outcome, state.Healthy);
                }

                var next = await HandleFrameAsync(socket, frame.RootElement, state, connection.Token);
                if (next is { } done)
                {
                    await CloseQuietlyAsync(socket, GatewayCloseCodes.ResumeLater);
                    return (done, state.Healthy);
                }
            }

            return (GatewayOutcome.Stopped, state.Healthy);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CloseQuietlyAsync(socket, GatewayCloseCodes.ResumeLater);
            return (GatewayOutcome.Stopped, state.Healthy);
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or HttpRequestException)
        {
            if (state.Zombie)
            {
                Log.NoHeartbeatAck(logger, shardId);
            }
            else
            {
                Log.ConnectionLost(logger, shardId, e.Message);
            }

            return (GatewayOutcome.Resume, state.Healthy);
        }
        finally
        {
            onSession?.Invoke(shardId, false);
            await connection.CancelAsync();
            if (heartbeat is not null)
            {
                await heartbeat.ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<GatewayOutcome?> HandleFrameAsync(ClientWebSocket socket, JsonElement root, ConnectionState state, CancellationToken cancellationToken)
    {
        switch (Op(root))
        {
            case 0:
                if (root.TryGetProperty("s", out var s) && s.ValueKind == JsonValueKind.Number)
                {
                    _sequence = s.GetInt64();
                    Interlocked.Exchange(ref _sequenceValue, _sequence.Value);
                }

                var type = root.TryGetProperty("t", out var t) ? t.GetString() : null;
                var data = root.TryGetProperty("d", out var d) ? d : default;
                switch (type)
                {
                    case "READY":
                        _sessionId = data.TryGetProperty("session_id", out var sid) ? sid.GetString() : null;
                        _resumeUrl = data.TryGetProperty("resume_gateway_url", out var ru) && Uri.TryCreate(ru.GetString(), UriKind.Absolute, out var resumeUrl) ? resumeUrl : gatewayUrl;
                        state.Healthy = true;
                        onSession?.Invoke(shardId, true);
                        Log.ShardReady(logger, shardId);
                        break;
                    case "RESUMED":
                        state.Healthy = true;
                        onSession?.Invoke(shardId, true);
                        Log.ShardResumed(logger, shardId);
                        break;
                    case "INTERACTION_CREATE" when data.ValueKind == JsonValueKind.Object:
                        // Off the receive loop, and tied to the shard's lifetime rather than this connection's:
                        // a reconnect must not cancel a command half-way.
                        var interaction = data.Clone();
                        var lifetime = _lifetime;
                        _interactions.Track(Task.Run(() => onInteraction(interaction, lifetime), CancellationToken.None));
                        break;
                    default:
                        break;
                }

                return null;
            case 1:
                await SendHeartbeatAsync(socket, cancellationToken);
                return null;
            case 7:
                Log.ReconnectAsked(logger, shardId);
                return GatewayOutcome.Resume;
            case 9:
                var resumable = root.TryGetProperty("d", out var r) && r.ValueKind == JsonValueKind.True;
                Log.InvalidSession(logger, shardId, resumable);
                return resumable ? GatewayOutcome.Resume : GatewayOutcome.InvalidSession;
            case 11:
                state.Acked = true;
                return null;
            case var op:
                Log.SkippedOp(logger, shardId, op);
                return null;
        }
    }


    private async Task HeartbeatAsync(ClientWebSocket socket, TimeSpan interval, ConnectionState state, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(interval * random(), timeProvider, cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!state.Acked)
                {
                    // A zombie connection: drop it without 1000 so the session can be resumed.
                    state.Zombie = true;
                    socket.Abort();
                    return;
                }

                state.Acked = false;
                await SendHeartbeatAsync(socket, cancellationToken);
                await Task.Delay(interval, timeProvider, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
        }
    }

    private Task SendHeartbeatAsync(ClientWebSocket socket, CancellationToken cancellationToken) =>
        SendAsync(socket, new JsonObject { ["op"] = 1, ["d"] = _sequence }, cancellationToken);

    private JsonObject Identify()
    {
        var data = new JsonObject
        {
            ["token"] = token,
            ["intents"] = Intents,
            ["properties"] = new JsonObject { ["os"] = Environment.OSVersion.Platform.ToString().ToLowerInvariant(), ["browser"] = "dpse-bot", ["device"] = "dpse-bot" },
        };
        if (shardCount > 1)
        {
            data["shard"] = new JsonArray(shardId, shardCount);
        }

        return new JsonObject { ["op"] = 2, ["d"] = data };
    }

    private async Task SendAsync(ClientWebSocket socket, JsonObject payload, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(payload.ToJsonString());
        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>The next text frame as JSON; null when the socket closed. Malformed frames are logged and skipped.</summary>
    private async Task<JsonDocument?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return null;
                    }

                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType != WebSocketMessageType.Text)
                {
                    Log.SkippedBinaryFrame(logger, shardId);
                    continue;
                }

                try
                {
                    var document = JsonDocument.Parse(message.GetBuffer().AsMemory(0, (int)message.Length));
                    if (document.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        document.Dispose();
                        Log.SkippedNonObjectFrame(logger, shardId);
                        continue;
                    }

                    return document;
                }
                catch (JsonException e)
                {
                    Log.SkippedMalformedFrame(logger, shardId, e.Message);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Op(JsonElement root) =>
        root.TryGetProperty("op", out var op) && op.TryGetInt32(out var value) ? value : -1;

    private static GatewayOutcome CloseOutcome(ClientWebSocket socket) => GatewayCloseCodes.Classify((int?)socket.CloseStatus);

    private static async Task CloseQuietlyAsync(ClientWebSocket socket, int code)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, "reconnecting", timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static Uri WithQuery(Uri url)
    {
        var builder = new UriBuilder(url);
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length > 0 ? query + "&" : "") + "v=10&encoding=json";
        return builder.Uri;
    }

    private sealed class ConnectionState
    {
        private volatile bool _acked = true;
        private volatile bool _zombie;
        private volatile bool _healthy;

        public bool Acked { get => _acked; set => _acked = value; }

        public bool Zombie { get => _zombie; set => _zombie = value; }

        public bool Healthy { get => _healthy; set => _healthy = value; }
    }
}

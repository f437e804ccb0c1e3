using System.Text.Json.Nodes;
using Dpse.Core.Duplicates;
using Dpse.Core.Health;
using Dpse.Core.Identity;
using Dpse.Core.InFlight;
using Dpse.Slack.Interactions;
using Dpse.Slack.WebApi;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dpse.Slack.SocketMode;

/// <summary>
/// The Slack adapter's life: <c>auth.test</c> (a bad token stops the adapter with one clear log line), then Socket Mode
/// connections from <c>apps.connections.open</c>. Every envelope is acked by id; a command or interaction is handled
/// only by whoever first claims its envelope id in <see cref="IOnceKeys"/> (on a shared store, across every instance:
/// Slack may deliver an envelope on two connections during a refresh, and each instance holds its own), the others
/// ack and skip it;
/// on <c>disconnect</c> the next connection is opened before the old one is closed; drops reconnect with capped,
/// jittered backoff. Each change is reported to the <see cref="AdapterStatusBoard"/>. In <see cref="SlackTransport.Http"/>
/// mode no socket is opened: requests arrive at <c>/slack/events</c>, and the service only checks the bot token.
/// </summary>
internal sealed class SlackSocketModeService(
    SlackApiClient api,
    SlackInteractionHandler interactions,
    SocketModeTiming timing,
    IOptions<SlackOptions> options,
    AdapterStatusBoard status,
    IOnceKeys once,
    TimeProvider time,
    ILogger<SlackSocketModeService> logger) : BackgroundService
{
    /// <summary>How long an envelope id stays claimed: well past any redelivery Slack makes.</summary>
    public static readonly TimeSpan ClaimWindow = TimeSpan.FromMinutes(15);

    /// <summary>Longest wait for the claim; the envelope must still be acked within Slack's 3 s.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(1);

    private static readonly HashSet<string> FatalAuthErrors = new(StringComparer.Ordinal)
    {
        "invalid_auth", "not_authed", "token_revoked", "account_inactive", "not_allowed_token_type", "missing_scope",
    };

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly InFlightTasks _inFlight = new();
    private int _connections;

    /// <summary>Completes when the first connection said hello.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Completes with the reason when the adapter gave up for good (bad token).</summary>
    public Task<string> Stopped => _stopped.Task;

    /// <summary>The bot's own user id from auth.test.</summary>
    public string? BotUserId { get; private set; }

    /// <summary>The bot id from auth.test.</summary>
    public string? BotId { get; private set; }

    /// <summary>Connections opened so far.</summary>
    public int ConnectionsOpened => Volatile.Read(ref _connections);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            status.Report(Platforms.Slack, AdapterState.Connecting, "checking the bot token");
            if (!await AuthenticateAsync(stoppingToken))
            {
                return;
            }

            if (options.Value.Mode == SlackTransport.Http)
            {
                status.Report(Platforms.Slack, AdapterState.Connected, "answering requests over HTTP");
                _ready.TrySetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, time, stoppingToken);
                return;
            }

            await SuperviseAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // A bug here must not pass silently: the adapter is down, say so once.
            Log.AdapterFailed(logger, ex);
            status.Report(Platforms.Slack, AdapterState.Stopped, "the Slack adapter failed (see the log)");
            _stopped.TrySetResult("failed: " + ex.Message);
        }
        finally
        {
            await _inFlight.WaitAsync(timing.CloseTimeout, time);
            _stopped.TrySetResult("stopped");
        }
    }

    private async Task<bool> AuthenticateAsync(CancellationToken cancellationToken)
    {
        for (var failures = 1; ; failures++)
        {
            var auth = await api.AuthTestAsync(cancellationToken);
            if (auth.Ok)
            {
                BotUserId = auth.Get("user_id");
                BotId = auth.Get("bot_id");
                Log.Authenticated(logger, auth.Get("team_id") ?? "", BotUserId ?? "", BotId ?? "");
                return true;
            }

            if (auth.Error is { } error && FatalAuthErrors.Contains(error))
            {
                Stop($"Slack rejected the bot token at auth.test: {error} ({SlackErrors.Explain(error)}). The Slack adapter is stopped; fix Dpse__Slack__BotToken and restart.");
                return false;
            }

            await Task.Delay(timing.Backoff(failures + 1, timing.Random()), time, cancellationToken);
        }
    }

    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        SocketModeConnection? current = null;
        var failures = 0;
        var flaps = 0;
        var connectedAt = time.GetUtcNow();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (current is null)
                {
                    current = await ConnectWithBackoffAsync(() => ++failures, cancellationToken);
                    if (current is null)
                    {
                        return;
                    }

                    connectedAt = time.GetUtcNow();
                    status.Report(Platforms.Slack, AdapterState.Connected, "Socket Mode connected");
                    _ready.TrySetResult();
                }

                var requested = current.DisconnectRequested;
                await Task.WhenAny(requested, current.Closed).WaitAsync(cancellationToken);
                if (requested.IsCompletedSuccessfully)
                {
                    var old = current;
                    if (requested.Result == "too_many_websockets")
                    {
                        // Slack's SDKs make room first here: a new socket would only be refused.
                        await old.CloseAsync(timing.CloseTimeout, time);
                        await old.DisposeAsync();
                        current = null;
                        continue;
                    }

                    // Refresh: the old socket keeps delivering (and taking acks) until the next one said hello.
                    failures = 0;
                    current = await ConnectWithBackoffAsync(() => ++failures, cancellationToken);
                    await old.CloseAsync(timing.CloseTimeout, time);
                    await old.DisposeAsync();
                    if (current is null)
                    {
                        return;
                    }

                    connectedAt = time.GetUtcNow();
                }
                else
                {
                    // A drop reconnects at once; a connection that keeps dropping soon after hello backs off.
                    status.Report(Platforms.Slack, AdapterState.Connecting, "Socket Mode reconnecting");
                    await current.DisposeAsync();
                    current = null;
                    flaps = time.GetUtcNow() - connectedAt >= timing.StableAfter ? 1 : flaps + 1;
                    failures = flaps - 1;
                }
            }
        }
        finally
        {
            if (current is not null)
            {
                await current.CloseAsync(timing.CloseTimeout, time);
                await current.DisposeAsync();
            }
        }
    }

    /// <summary>Opens connections until one says hello; null when the app token is refused for good.</summary>
    private async Task<SocketModeConnection?> ConnectWithBackoffAsync(Func<int> nextFailure, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = timing.Backoff(nextFailure(), timing.Random());
            if (wait > TimeSpan.Zero)
            {
                Log.Reconnecting(logger, wait.TotalSeconds);
                await Task.Delay(wait, time, cancellationToken);
            }

            var opened = await api.OpenConnectionAsync(cancellationToken);
            if (!opened.Ok)
            {
                if (opened.Error is { } error && FatalAuthErrors.Contains(error))
                {
                    Stop($"Slack rejected the app-level token at apps.connections.open: {error}. The Slack adapter is stopped; set Dpse__Slack__AppToken to an xapp- token with connections:write and restart.");
                    return null;
                }

                continue;
            }

            if (!Uri.TryCreate(opened.Get("url"), UriKind.Absolute, out var url))
            {
                Log.MalformedPayload(logger, "apps.connections.open", "no url");
                continue;
            }

            var number = Interlocked.Increment(ref _connections);
            SocketModeConnection connection;
            try
            {
                connection = await SocketModeConnection.ConnectAsync(number, url, OnEnvelopeAsync, logger, cancellationToken);
            }
            catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or HttpRequestException or IOException)
            {
                Log.SocketDropped(logger, number, ex.Message);
                continue;
            }

            try
            {
                await connection.Hello.WaitAsync(timing.HelloTimeout, time, cancellationToken);
                return connection;
            }
            catch (Exception ex) when (ex is TimeoutException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Log.SocketDropped(logger, number, "no hello");
                await connection.DisposeAsync();
            }
        }
    }

    private Task OnEnvelopeAsync(JsonObject envelope, SocketModeConnection connection)
    {
        var id = envelope["envelope_id"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var type = envelope["type"]?.GetValue<string>() ?? "";
        if (string.IsNullOrEmpty(id))
        {
            Log.MalformedPayload(logger, type, "no envelope_id");
            return Task.CompletedTask;
        }

        var accepts = envelope["accepts_response_payload"] is JsonValue a && a.TryGetValue<bool>(out var b) && b;
        var ack = new EnvelopeAck(id, accepts, connection.SendAsync);
        var payload = envelope["payload"] as JsonObject;
        if (payload is null || type is not ("slash_commands" or "interactive"))
        {
            // Acked, never handled: a second delivery is as harmless as the first, so nothing is claimed.
            if (payload is null)
            {
                Log.MalformedPayload(logger, type, "no payload");
            }

            return ack.SendAsync(null, CancellationToken.None);
        }

        // Claimed and handled off the read loop: the socket keeps reading (and acking others) while a command runs.
        _inFlight.Track(Task.Run(() => ClaimAndHandleAsync(id, type, payload, ack)));
        return Task.CompletedTask;
    }

    private async Task ClaimAndHandleAsync(string id, string type, JsonObject payload, EnvelopeAck ack)
    {
        if (!await FirstClaimAsync(id, type))
        {
            Log.DuplicateEnvelope(logger, id, type);
            await ack.SendAsync(null, CancellationToken.None);
            return;
        }

        await HandleAsync(type, payload, ack);
    }

    /// <summary>
    /// Whether this instance is the first to claim the envelope. A store that fails or is slow does not cost the
    /// member their command: the envelope is handled (a rare duplicate beats a lost command) and the problem logged.
    /// </summary>
    private async Task<bool> FirstClaimAsync(string id, string type)
    {
        var now = time.GetUtcNow();
        try
        {
            return await once.TryClaimAsync(SlackOnceKeys.Envelope(id), now, now + ClaimWindow, CancellationToken.None)
                .WaitAsync(ClaimTimeout, time, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.ClaimFailed(logger, ex, type);
            return true;
        }
    }

    private async Task HandleAsync(string type, JsonObject payload, EnvelopeAck ack)
    {
        try
        {
            if (type == "slash_commands")
            {
                await interactions.HandleSlashCommandAsync(payload, ack, CancellationToken.None);
            }
            else
            {
                await interactions.HandleInteractiveAsync(payload, ack, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            // Bugs stop here: the envelope is acked so Slack does not retry it forever.
            Log.HandlerFailed(logger, ex, type);
            await ack.SendAsync(null, CancellationToken.None);
        }
    }

    private void Stop(string reason)
    {
        Log.AdapterStopped(logger, reason);
        status.Report(Platforms.Slack, AdapterState.Stopped, reason);
        _stopped.TrySetResult(reason);
    }
}

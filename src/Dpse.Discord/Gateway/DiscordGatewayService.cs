using System.Text.Json;
using Dpse.Core.Commands;
using Dpse.Core.Health;
using Dpse.Core.Identity;
using Dpse.Core.Instances;
using Dpse.Core.Resilience;
using Dpse.Discord.Commands;
using Dpse.Discord.Interactions;
using Dpse.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dpse.Discord.Gateway;

/// <summary>
/// The Discord adapter's hosted service: checks the command definition against Discord's limits before the host
/// starts, registers it when it changed, asks <c>GET /gateway/bot</c> for the URL, shard count and
/// <c>max_concurrency</c> (unless <see cref="DiscordOptions.GatewayUrl"/> is set), and runs the shards this instance
/// holds: every <see cref="DiscordOptions.ShardClaimInterval"/> it beats (<see cref="IInstanceMembership"/>) and lets a
/// <see cref="ShardBalancer"/> give back shards above its share and take free ones, starting a shard it took after the
/// store's <see cref="IShardOwnership.StartDelay"/> and stopping one the moment its hold is lost. Identifies are spaced
/// across instances (<see cref="IIdentifyTurns"/>). A fatal close code stops the adapter (not the host) with a critical log and reports it to the
/// <see cref="AdapterStatusBoard"/>. With <see cref="DiscordInteractionTransport.Http"/> interactions arrive at the HTTP
/// endpoint instead: the service registers the commands, checks the token, and opens no gateway connection.
/// </summary>
internal sealed class DiscordGatewayService(
    DiscordRestClient rest,
    CommandRegistrar registrar,
    IServiceScopeFactory scopes,
    IOptions<DiscordOptions> options,
    AdapterStatusBoard status,
    IInstanceMembership membership,
    InstancePresence presence,
    IShardOwnership ownership,
    IIdentifyTurns identifyTurns,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory) : BackgroundService
{
    /// <summary>Waits between failed <c>GET /gateway/bot</c> lookups: 2 s, 4 s, 8 s... at most a minute.</summary>
    private static readonly ExponentialBackoff LookupBackoff = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60));

    private readonly ILogger _logger = loggerFactory.CreateLogger<DiscordGatewayService>();
    private readonly Lock _sessionsLock = new();
    private readonly HashSet<int> _sessions = [];
    private readonly Lock _runningLock = new();
    private readonly Dictionary<int, RunningShard> _running = [];
    private int _shardCount;
    private int _lastHeld = -1;
    private CancellationTokenSource? _fatal;
    private volatile string? _fatalReason;

    /// <summary>Random source for heartbeat jitter and backoff (tests replace it).</summary>
    internal Func<double> Random { get; set; } = System.Random.Shared.NextDouble;

    /// <summary>The shards running in this instance now (tests look at them).</summary>
    internal IReadOnlyList<GatewayShard> Shards
    {
        get
        {
            lock (_runningLock)
            {
                return [.. _running.Values.Select(r => r.Shard).OrderBy(s => s.ShardId)];
            }
        }
    }

    /// <summary>Completes when the adapter stopped for good (fatal close or shutdown).</summary>
    internal Task<GatewayOutcome> Stopped => _stopped.Task;

    private readonly TaskCompletionSource<GatewayOutcome> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // A catalogue Discord would refuse fails the start, naming the command and the limit.
        _ = CommandRegistrar.Definition(CommandCatalogue.All);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var outcome = GatewayOutcome.Stopped;
        try
        {
            outcome = await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _stopped.TrySetResult(outcome);
        }
    }

    private async Task<GatewayOutcome> RunAsync(CancellationToken stoppingToken)
    {
        status.Report(Platforms.Discord, AdapterState.Connecting, "registering commands");
        await registrar.RegisterAsync(CommandCatalogue.All, stoppingToken);
        var settings = options.Value;
        if (settings.Interactions == DiscordInteractionTransport.Http)
        {
            return await RunHttpModeAsync(stoppingToken);
        }

        Uri url;
        int shards;
        int maxConcurrency;
        if (!string.IsNullOrWhiteSpace(settings.GatewayUrl))
        {
            url = new Uri(settings.GatewayUrl);
            shards = settings.ShardCount;
            maxConcurrency = 1;
        }
        else
        {
            var attempt = 0;
            while (true)
            {
                var response = await rest.SendAsync(DiscordRoute.GatewayBot(), null, stoppingToken);
                if (response.IsSuccess && response.Body?["url"]?.GetValue<string>() is { } found && Uri.TryCreate(found, UriKind.Absolute, out var parsed))
                {
                    url = parsed;
                    shards = response.Body["shards"]?.GetValue<int>() is > 0 and var s ? s : 1;
                    maxConcurrency = response.Body["session_start_limit"]?["max_concurrency"]?.GetValue<int>() is > 0 and var m ? m : 1;
                    break;
                }

                if (response.Status == 401)
                {
                    Log.TokenRefused(_logger);
                    status.Report(Platforms.Discord, AdapterState.Stopped, "Discord refused the bot token (Dpse:Discord:Token)");
                    return GatewayOutcome.Fatal;
                }

                attempt++;
                Log.GatewayLookupFailed(_logger, response.Describe());
                await Task.Delay(LookupBackoff.Delay(attempt), timeProvider, stoppingToken);
            }
        }

        Log.GatewayShape(_logger, shards, maxConcurrency);
        var limiter = new IdentifyLimiter(timeProvider, maxConcurrency, identifyTurns);
        var shardLogger = loggerFactory.CreateLogger<GatewayShard>();
        status.Report(Platforms.Discord, AdapterState.Connecting, "connecting to the gateway");
        _shardCount = shards;
        var balancer = new ShardBalancer(ownership, shards);
        using var fatal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _fatal = fatal;
        try
        {
            while (!fatal.IsCancellationRequested)
            {
                var census = presence.Census;
                try
                {
                    census = await membership.HeartbeatAsync(fatal.Token);
                    presence.Update(census);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    Log.HeartbeatFailed(_logger, exception);
                }

                try
                {
                    var taken = await balancer.TurnAsync(census, StopShardAsync, fatal.Token);
                    foreach (var hold in taken)
                    {
                        StartShard(hold, new GatewayShard(hold.ShardId, shards, url, settings.Token!, limiter, HandleInteractionAsync, timeProvider, Random, shardLogger, OnSession));
                    }

                    if (taken.Count > 0 || balancer.Held.Count != _lastHeld)
                    {
                        _lastHeld = balancer.Held.Count;
                        Log.ShardsHeld(_logger, membership.InstanceId, string.Join(",", balancer.Held), shards, census.Live);
                        ReportSessions();
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    Log.ShardClaimFailed(_logger, exception);
                }

                await Task.Delay(settings.ShardClaimInterval, timeProvider, fatal.Token);
            }
        }
        catch (OperationCanceledException) when (fatal.IsCancellationRequested)
        {
        }
        finally
        {
            await balancer.ReleaseAllAsync(StopShardAsync);
        }

        if (_fatalReason is { } reason)
        {
            Log.AdapterStopped(_logger);
            status.Report(Platforms.Discord, AdapterState.Stopped, reason);
            return GatewayOutcome.Fatal;
        }

        return GatewayOutcome.Stopped;
    }

    /// <summary>Starts a shard this instance just took: after the store's start delay, until stopped or its hold is lost.</summary>
    private void StartShard(IShardHold hold, GatewayShard shard)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_fatal!.Token, hold.Lost);
        var run = Task.Run(
            async () =>
            {
                try
                {
                    await Task.Delay(ownership.StartDelay, timeProvider, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return GatewayOutcome.Stopped;
                }

                var outcome = await shard.RunAsync(stop.Token);
                if (outcome == GatewayOutcome.Fatal)
                {
                    _fatalReason ??= shard.FatalReason ?? "the gateway refused the connection";
                    await _fatal.CancelAsync();
                }
                else if (hold.Lost.IsCancellationRequested)
                {
                    Log.ShardHoldLost(_logger, shard.ShardId);
                }

                return outcome;
            },
            CancellationToken.None);
        lock (_runningLock)
        {
            _running[hold.ShardId] = new RunningShard(shard, stop, run);
        }
    }

    /// <summary>Stops a shard and waits until its connection is closed, so its hold can be released.</summary>
    private async Task StopShardAsync(int shardId)
    {
        RunningShard? running;
        lock (_runningLock)
        {
            _running.Remove(shardId, out running);
        }

        if (running is null)
        {
            return;
        }

        await running.Stop.CancelAsync();
        await running.Run;
        running.Stop.Dispose();
        ReportSessions();
    }

    private sealed record RunningShard(GatewayShard Shard, CancellationTokenSource Stop, Task<GatewayOutcome> Run);

    /// <summary>HTTP interactions: no socket to hold; the adapter can answer once the token is known good.</summary>
    private async Task<GatewayOutcome> RunHttpModeAsync(CancellationToken stoppingToken)
    {
        var me = await rest.SendAsync(DiscordRoute.CurrentUser(), null, stoppingToken);
        if (me.Status == 401)
        {
            Log.TokenRefused(_logger);
            status.Report(Platforms.Discord, AdapterState.Stopped, "Discord refused the bot token (Dpse:Discord:Token)");
            return GatewayOutcome.Fatal;
        }

        // Other failures (network, 5xx) do not stop answering: interaction replies need no bot token.
        status.Report(Platforms.Discord, AdapterState.Connected, "answering interactions over HTTP");
        Log.InteractionsOverHttp(_logger);
        await Task.Delay(Timeout.InfiniteTimeSpan, timeProvider, stoppingToken);
        return GatewayOutcome.Stopped;
    }

    private void OnSession(int shard, bool connected)
    {
        lock (_sessionsLock)
        {
            var changed = connected ? _sessions.Add(shard) : _sessions.Remove(shard);
            if (changed)
            {
                ReportSessions();
            }
        }
    }

    private void ReportSessions()
    {
        lock (_sessionsLock)
        {
            var held = Shards.Count;
            var up = _sessions.Count;
            status.Report(Platforms.Discord, up == held && held > 0 ? AdapterState.Connected : AdapterState.Connecting, $"gateway: {up} of {held} shard(s) connected in this instance ({_shardCount} in all)");
        }
    }

    private async Task HandleInteractionAsync(JsonElement interaction, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<InteractionHandler>();
        await handler.HandleAsync(interaction, cancellationToken);
    }
}

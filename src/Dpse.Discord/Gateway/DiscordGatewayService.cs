using System.Text.Json;
using Dpse.Core.Commands;
using Dpse.Core.Health;
using Dpse.Core.Identity;
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
/// <c>max_concurrency</c> (unless <see cref="DiscordOptions.GatewayUrl"/> is set), and runs every shard in this
/// process. A fatal close code stops the adapter (not the host) with a critical log and reports it to the
/// <see cref="AdapterStatusBoard"/>. With <see cref="DiscordInteractionTransport.Http"/> interactions arrive at the HTTP
/// endpoint instead: the service registers the commands, checks the token, and opens no gateway connection.
/// </summary>
internal sealed class DiscordGatewayService(
    DiscordRestClient rest,
    CommandRegistrar registrar,
    IServiceScopeFactory scopes,
    IOptions<DiscordOptions> options,
    AdapterStatusBoard status,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<DiscordGatewayService>();
    private readonly Lock _sessionsLock = new();
    private readonly HashSet<int> _sessions = [];

    /// <summary>Random source for heartbeat jitter and backoff (tests replace it).</summary>
    internal Func<double> Random { get; set; } = System.Random.Shared.NextDouble;

    /// <summary>The running shards (tests look at them).</summary>
    internal IReadOnlyList<GatewayShard> Shards { get; private set; } = [];

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
                    _logger.LogCritical("Discord refused the bot token (Dpse:Discord:Token): the Discord adapter stops");
                    status.Report(Platforms.Discord, AdapterState.Stopped, "Discord refused the bot token (Dpse:Discord:Token)");
                    return GatewayOutcome.Fatal;
                }

                attempt++;
                _logger.LogWarning("GET /gateway/bot failed ({Error}); retrying", response.Describe());
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, attempt))), timeProvider, stoppingToken);
            }
        }

        _logger.LogInformation("Discord gateway: {Shards} shard(s), max_concurrency {MaxConcurrency}", shards, maxConcurrency);
        var limiter = new IdentifyLimiter(timeProvider, maxConcurrency);
        var shardLogger = loggerFactory.CreateLogger<GatewayShard>();
        status.Report(Platforms.Discord, AdapterState.Connecting, "connecting to the gateway");
        Shards = [.. Enumerable.Range(0, shards).Select(id => new GatewayShard(id, shards, url, settings.Token!, limiter, HandleInteractionAsync, timeProvider, Random, shardLogger, OnSession))];

        using var stopAll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var running = Shards.Select(shard => RunShardAsync(shard, stopAll)).ToList();
        var results = await Task.WhenAll(running);
        if (results.Contains(GatewayOutcome.Fatal))
        {
            _logger.LogCritical("The Discord adapter has stopped; other adapters keep running");
            var reason = Shards.Select(s => s.FatalReason).FirstOrDefault(r => r is not null) ?? "the gateway refused the connection";
            status.Report(Platforms.Discord, AdapterState.Stopped, reason);
            return GatewayOutcome.Fatal;
        }

        return GatewayOutcome.Stopped;
    }

    /// <summary>HTTP interactions: no socket to hold; the adapter can answer once the token is known good.</summary>
    private async Task<GatewayOutcome> RunHttpModeAsync(CancellationToken stoppingToken)
    {
        var me = await rest.SendAsync(DiscordRoute.CurrentUser(), null, stoppingToken);
        if (me.Status == 401)
        {
            _logger.LogCritical("Discord refused the bot token (Dpse:Discord:Token): the Discord adapter stops");
            status.Report(Platforms.Discord, AdapterState.Stopped, "Discord refused the bot token (Dpse:Discord:Token)");
            return GatewayOutcome.Fatal;
        }

        // Other failures (network, 5xx) do not stop answering: interaction replies need no bot token.
        status.Report(Platforms.Discord, AdapterState.Connected, "answering interactions over HTTP");
        _logger.LogInformation("Discord interactions arrive over HTTP at /discord/interactions; no gateway connection");
        await Task.Delay(Timeout.InfiniteTimeSpan, timeProvider, stoppingToken);
        return GatewayOutcome.Stopped;
    }

    private void OnSession(int shard, bool connected)
    {
        lock (_sessionsLock)
        {
            var changed = connected ? _sessions.Add(shard) : _sessions.Remove(shard);
            if (!changed)
            {
                return;
            }

            var all = Shards.Count;
            var up = _sessions.Count;
            status.Report(Platforms.Discord, up == all && all > 0 ? AdapterState.Connected : AdapterState.Connecting, $"gateway: {up} of {all} shard(s) connected");
        }
    }

    private static async Task<GatewayOutcome> RunShardAsync(GatewayShard shard, CancellationTokenSource stopAll)
    {
        var outcome = await shard.RunAsync(stopAll.Token);
        if (outcome == GatewayOutcome.Fatal)
        {
            await stopAll.CancelAsync();
        }

        return outcome;
    }

    private async Task HandleInteractionAsync(JsonElement interaction, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<InteractionHandler>();
        await handler.HandleAsync(interaction, cancellationToken);
    }
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dpse.Core.Instances;

/// <summary>
/// Beats every <see cref="InstanceOptions.HeartbeatInterval"/> and keeps <see cref="InstancePresence"/> current; leaves
/// at a clean stop. A failed beat is logged and the last count kept: a store outage must not make this instance take
/// the whole budget.
/// </summary>
public sealed partial class InstanceHeartbeat(
    IInstanceMembership membership,
    InstancePresence presence,
    IOptions<InstanceOptions> options,
    TimeProvider timeProvider,
    ILogger<InstanceHeartbeat> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.HeartbeatInterval;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var census = await membership.HeartbeatAsync(stoppingToken);
                    if (census.Live != presence.Census.Live)
                    {
                        LogLive(logger, membership.InstanceId, census.Live);
                    }

                    presence.Update(census);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogFailed(logger, exception);
                }

                await Task.Delay(interval, timeProvider, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await membership.LeaveAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Instance {InstanceId}: {Live} instance(s) live")]
    private static partial void LogLive(ILogger logger, string instanceId, int live);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instance heartbeat failed; keeping the last live count")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

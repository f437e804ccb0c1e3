using Dpse.Core.Health;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dpse.Bot.Hosting;

/// <summary>
/// Stops the host when every enabled platform adapter has stopped for good, logging why, so a supervisor (Docker,
/// systemd, Kubernetes) sees exit code <see cref="HostExit.AllAdaptersStopped"/> instead of a process that runs deaf.
/// While one adapter still runs, the host keeps serving; the stopped one shows in the log and in <c>/readyz</c>.
/// </summary>
internal sealed partial class DeafWatch(AdapterStatusBoard board, HostExit exit, IHostApplicationLifetime lifetime, ILogger<DeafWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<AdapterStatus> final;
        try
        {
            final = await board.AllStopped.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        foreach (var adapter in final)
        {
            AdapterStopped(logger, adapter.Adapter, adapter.Detail);
        }

        AllStopped(logger, HostExit.AllAdaptersStopped);
        exit.Request(HostExit.AllAdaptersStopped);
        lifetime.StopApplication();
    }

    [LoggerMessage(9001, LogLevel.Critical, "The {Adapter} adapter stopped for good: {Reason}")]
    private static partial void AdapterStopped(ILogger logger, string adapter, string reason);

    [LoggerMessage(9002, LogLevel.Critical, "Every enabled platform adapter has stopped; the bot exits with code {ExitCode}. Fix the configuration and restart.")]
    private static partial void AllStopped(ILogger logger, int exitCode);
}

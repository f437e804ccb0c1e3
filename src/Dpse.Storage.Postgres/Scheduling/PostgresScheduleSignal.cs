using System.Threading.Channels;
using Dpse.Core.Resilience;
using Dpse.Core.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Dpse.Storage.Postgres.Scheduling;

/// <summary>
/// The <see cref="IScheduleSignal"/> of instances sharing one database: a change wakes this instance's scheduler at once
/// (the in-process <see cref="ScheduleSignal"/>) and is published as a <c>NOTIFY</c> on <see cref="Channel"/>; a held-open
/// connection <c>LISTEN</c>s there and wakes this scheduler when another instance changed a plan (a subscription, an
/// event, a reminder setting), instead of at its next due moment. <see cref="Changed"/> never blocks: publishing runs
/// beside it, and changes made while a notification is being sent are folded into the next. The listener reconnects
/// with capped backoff and, once back, wakes the scheduler in case it missed something; it stops with the host.
/// A notification carries the sending instance's id, so an instance does not wake itself twice.
/// </summary>
public sealed partial class PostgresScheduleSignal : BackgroundService, IScheduleSignal
{
    /// <summary>The notification channel every instance listens on.</summary>
    public const string Channel = "dpse_plan";

    /// <summary>Waits after failed listens or notifications: 250 ms, 500 ms, 1 s... at most 30 s.</summary>
    private static readonly ExponentialBackoff FailureBackoff = new(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30));

    private readonly PostgresDatabase _database;
    private readonly ScheduleSignal _local;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<bool> _pending = System.Threading.Channels.Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private int _listens;

    /// <summary>Wraps <paramref name="local"/>, this process's signal, which the scheduler waits on.</summary>
    public PostgresScheduleSignal(PostgresDatabase database, ScheduleSignal local, TimeProvider? time = null, ILogger<PostgresScheduleSignal>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(local);
        _database = database;
        _local = local;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<PostgresScheduleSignal>.Instance;
    }

    /// <summary>This instance's id in the notifications it sends.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>How many times the listener has started listening (1 after start, more after reconnects).</summary>
    public int Listens => Volatile.Read(ref _listens);

    /// <inheritdoc />
    public void Changed()
    {
        _local.Changed();
        _pending.Writer.TryWrite(true);
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), PublishAsync(stoppingToken));

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        for (var failures = 0; !cancellationToken.IsCancellationRequested;)
        {
            try
            {
                await _database.EnsureReadyAsync(cancellationToken);
                await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                failures = 0;
                if (Interlocked.Increment(ref _listens) > 1)
                {
                    // Notifications sent while this instance was not listening are lost: plan again, to be sure.
                    _local.Changed();
                }

                LogListening(_logger, Channel);
                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                var wait = FailureBackoff.Delay(failures);
                LogListenFailed(_logger, exception, wait.TotalSeconds);
                try
                {
                    await Task.Delay(wait, _time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        try
        {
            await foreach (var _ in _pending.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await _database.EnsureReadyAsync(cancellationToken);
                    await using var notify = _database.DataSource.CreateCommand("SELECT pg_notify(@channel, @instance)");
                    notify.Parameters.AddWithValue("channel", Channel);
                    notify.Parameters.AddWithValue("instance", InstanceId);
                    await notify.ExecuteNonQueryAsync(cancellationToken);
                    failures = 0;
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // The others would only wake at their next due moment: try again after a pause (folded with newer changes).
                    failures++;
                    var wait = FailureBackoff.Delay(failures);
                    LogNotifyFailed(_logger, exception, wait.TotalSeconds);
                    await Task.Delay(wait, _time, cancellationToken);
                    _pending.Writer.TryWrite(true);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs notification)
    {
        if (notification.Channel == Channel && notification.Payload != InstanceId)
        {
            _local.Changed();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listening for plan changes of other instances on PostgreSQL channel {Channel}")]
    private static partial void LogListening(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for other instances' plan changes failed; reconnecting in {Seconds} s (their changes wake this scheduler at its next due moment meanwhile)")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling other instances about a plan change failed; trying again in {Seconds} s")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception, double seconds);
}

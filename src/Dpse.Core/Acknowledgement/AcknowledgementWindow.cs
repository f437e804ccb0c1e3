namespace Dpse.Core.Acknowledgement;

/// <summary>
/// The race both platforms impose on a command: the answer must start within a few seconds (Discord's interaction
/// callback, Slack's envelope ack), but a command may take longer. The work runs at once; when it has not finished
/// when the window closes, the adapter acknowledges (Discord defers, Slack acks empty) and the answer follows when the
/// work is done. The window is timed on the injected <see cref="TimeProvider"/>.
/// </summary>
public static class AcknowledgementWindow
{
    /// <summary>
    /// Runs <paramref name="work"/>; if it outlasts <paramref name="window"/>, awaits <paramref name="acknowledge"/>
    /// and then the work. Returns the work's result and whether the acknowledgement went out first. Failures of the
    /// work come out of this call, before or after the acknowledgement.
    /// </summary>
    public static async Task<(T Result, bool Acknowledged)> RunAsync<T>(
        TimeSpan window,
        TimeProvider time,
        Func<CancellationToken, Task<T>> work,
        Func<CancellationToken, Task> acknowledge,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(acknowledge);

        // The window opens before the work starts: it counts from the request's arrival, and a fake clock moved while
        // the work is being started still closes it.
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var closed = Task.Delay(window, time, timer.Token);
        var running = work(cancellationToken);
        if (await Task.WhenAny(running, closed) == running)
        {
            await timer.CancelAsync();
            return (await running, false);
        }

        await acknowledge(cancellationToken);
        return (await running, true);
    }
}

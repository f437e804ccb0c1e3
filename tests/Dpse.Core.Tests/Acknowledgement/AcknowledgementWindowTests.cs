using System.Collections.Concurrent;
using Dpse.Core.Acknowledgement;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Core.Tests.Acknowledgement;

public sealed class AcknowledgementWindowTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<string> _steps = new();

    [Fact]
    public async Task RunAsync_WorkDoneWithinTheWindow_ReturnsItWithoutAcknowledging()
    {
        var (result, acknowledged) = await AcknowledgementWindow.RunAsync(Window, _time, _ => Task.FromResult("reply"), Acknowledge, TestContext.Current.CancellationToken);

        Assert.Equal("reply", result);
        Assert.False(acknowledged);
        Assert.Empty(_steps);
    }

    [Fact(Timeout = 30_000)]
    public async Task RunAsync_WorkOutlastingTheWindow_AcknowledgesWhenItClosesThenReturnsTheWork()
    {
        var work = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var acknowledgedNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = AcknowledgementWindow.RunAsync(Window, _time, _ => work.Task, _ => { _steps.Enqueue("ack"); acknowledgedNow.TrySetResult(); return Task.CompletedTask; }, TestContext.Current.CancellationToken);
        _time.Advance(Window - TimeSpan.FromTicks(1));
        await Task.Yield();
        Assert.Empty(_steps); // the window is still open
        _time.Advance(TimeSpan.FromTicks(1));
        await acknowledgedNow.Task.WaitAsync(TestContext.Current.CancellationToken);
        Assert.False(run.IsCompleted); // acknowledged while the work goes on
        work.SetResult("late reply");

        var (result, acknowledged) = await run;
        Assert.Equal("late reply", result);
        Assert.True(acknowledged);
        Assert.Equal(["ack"], _steps);
    }

    [Fact]
    public async Task RunAsync_ClockMovedWhileTheWorkStarts_StillClosesTheWindow()
    {
        // The window opens before the work is started: time spent starting the work (here a fake clock moved inside
        // the call, before the work hands back its task) counts against the window. Opened after, the window would
        // still be open when the work ends below, and nothing would be acknowledged.
        var work = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = AcknowledgementWindow.RunAsync(Window, _time, _ => { _time.Advance(Window); return work.Task; }, Acknowledge, TestContext.Current.CancellationToken);
        work.SetResult("reply");

        Assert.True((await run).Acknowledged);
        Assert.Equal(["ack"], _steps);
    }

    [Fact]
    public async Task RunAsync_WorkFailingWithinTheWindow_ThrowsWithoutAcknowledging()
    {
        var failing = AcknowledgementWindow.RunAsync<string>(Window, _time, _ => throw new InvalidOperationException("boom"), Acknowledge, TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Empty(_steps);
    }

    [Fact(Timeout = 30_000)]
    public async Task RunAsync_WorkFailingAfterTheWindow_AcknowledgesThenThrows()
    {
        var work = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = AcknowledgementWindow.RunAsync(Window, _time, _ => work.Task, Acknowledge, TestContext.Current.CancellationToken);
        _time.Advance(Window);
        await WaitForAsync(() => _steps.Count > 0, run);
        work.SetException(new InvalidOperationException("boom"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => run);
        Assert.Equal(["ack"], _steps);
    }

    private Task Acknowledge(CancellationToken cancellationToken)
    {
        _steps.Enqueue("ack");
        return Task.CompletedTask;
    }

    /// <summary>Polls (a hang guard is the test's timeout, never a timing assertion) until <paramref name="condition"/> holds or <paramref name="run"/> ended; true when the condition held first.</summary>
    private static async Task<bool> WaitForAsync(Func<bool> condition, Task run)
    {
        while (!condition())
        {
            if (run.IsCompleted)
            {
                return false;
            }

            TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }

        return true;
    }
}

using System.Collections.Concurrent;
using Dpse.Core.InFlight;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Core.Tests.InFlight;

public sealed class InFlightTasksTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<Exception> _faults = new();
    private readonly InFlightTasks _tasks;

    public InFlightTasksTests() => _tasks = new InFlightTasks(_faults.Enqueue);

    [Fact]
    public void Track_HoldsATaskUntilItEnds()
    {
        var one = new TaskCompletionSource();
        var two = new TaskCompletionSource();

        _tasks.Track(one.Task);
        _tasks.Track(two.Task);
        Assert.Equal(2, _tasks.Count);
        one.SetResult();
        Assert.Equal(1, _tasks.Count);
        two.SetCanceled(TestContext.Current.CancellationToken);

        Assert.Equal(0, _tasks.Count);
        Assert.Empty(_faults); // a cancelled task is no fault
    }

    [Fact]
    public void Track_AnEndedTask_IsNotHeld()
    {
        _tasks.Track(Task.CompletedTask);

        Assert.Equal(0, _tasks.Count);
    }

    [Fact]
    public void Track_AFailingTask_ReportsItsFaultOnce()
    {
        var work = new TaskCompletionSource();
        _tasks.Track(work.Task);

        work.SetException(new InvalidOperationException("boom"));

        var fault = Assert.Single(_faults);
        Assert.IsType<InvalidOperationException>(Assert.Single(Assert.IsType<AggregateException>(fault).InnerExceptions));
        Assert.Equal(0, _tasks.Count);
    }

    [Fact]
    public async Task WaitAsync_WaitsForTheRunningTasksToEnd()
    {
        var work = new TaskCompletionSource();
        _tasks.Track(work.Task);

        var waiting = _tasks.WaitAsync(Bound, _time);
        _time.Advance(Bound - TimeSpan.FromTicks(1));
        Assert.False(waiting.IsCompleted);
        work.SetResult();

        Assert.True(await waiting);
    }

    [Fact]
    public async Task WaitAsync_ATaskThatNeverEnds_GivesUpAtTheBound()
    {
        _tasks.Track(new TaskCompletionSource().Task);

        var waiting = _tasks.WaitAsync(Bound, _time);
        Assert.False(waiting.IsCompleted);
        _time.Advance(Bound);

        Assert.False(await waiting);
        Assert.Equal(1, _tasks.Count);
    }

    [Fact]
    public async Task WaitAsync_FailedTasks_EndTheWaitWithoutThrowing()
    {
        var work = new TaskCompletionSource();
        _tasks.Track(work.Task);
        var waiting = _tasks.WaitAsync(Bound, _time);

        work.SetException(new InvalidOperationException("boom"));

        Assert.True(await waiting);
        Assert.Single(_faults);
    }

    [Fact]
    public async Task WaitAsync_NothingRunning_EndsAtOnce() =>
        Assert.True(await _tasks.WaitAsync(Bound, _time));
}

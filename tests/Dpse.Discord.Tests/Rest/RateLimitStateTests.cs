using Dpse.Discord.Rest;
using Dpse.Discord.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Discord.Tests.Rest;

/// <summary>
/// The global limit as Discord counts it, by arrival: a request holds a turn from departure until a second after its
/// answer, so no network delay can bunch more than the limit into one second at Discord.
/// </summary>
public sealed class RateLimitStateTests
{
    private const int Limit = 50;
    private static readonly TimeSpan Spacing = TimeSpan.FromSeconds(1.0 / Limit);

    [Fact]
    public async Task TakeGlobalTurn_FreeTurns_DeparturesSpacedOneFiftiethOfASecond()
    {
        var (_, limits) = Start();

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            waits.Add((await limits.TakeGlobalTurnAsync(long.MaxValue, urgent: false, TestContext.Current.CancellationToken)).Wait);
        }

        Assert.Equal([TimeSpan.Zero, Spacing, Spacing * 2], waits, new ToleranceComparer(TimeSpan.FromMilliseconds(0.1)));
    }

    [Fact]
    public async Task TakeGlobalTurn_FiftyUnanswered_FiftyFirstLeavesOneSecondAfterTheFirstAnswer()
    {
        var (clock, limits) = Start();
        await TakeAsync(limits, Limit);
        clock.Advance(TimeSpan.FromSeconds(5));

        var fiftyFirst = limits.TakeGlobalTurnAsync(long.MaxValue, urgent: false, TestContext.Current.CancellationToken);
        Assert.False(fiftyFirst.IsCompleted, "with fifty requests unanswered, nothing more may leave");

        limits.GlobalAnswered();
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(fiftyFirst.IsCompleted, "an answered request still counts for one second");

        // The pulsed waiter reads the time and then sets up its wait for the turn's return: if a move of the clock falls
        // between the two, the wait lands up to that move late. So the clock moves in steps until the turn comes, not once.
        await clock.AdvanceUntilAsync(() => fiftyFirst.IsCompleted, TimeSpan.FromMilliseconds(1), limit: TimeSpan.FromSeconds(1));
        var turn = await fiftyFirst.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(turn.Taken);
    }

    [Fact]
    public async Task TakeGlobalTurn_TurnComesAfterDeadline_TakesNothingAndSaysHowLong()
    {
        var (clock, limits) = Start();
        await TakeAsync(limits, Limit);
        clock.Advance(TimeSpan.FromSeconds(5));
        for (var i = 0; i < Limit; i++)
        {
            limits.GlobalAnswered();
        }

        var deadline = clock.GetTimestamp() + (clock.TimestampFrequency / 2);
        var refused = await limits.TakeGlobalTurnAsync(deadline, urgent: false, TestContext.Current.CancellationToken);

        Assert.False(refused.Taken);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Wait);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await limits.TakeGlobalTurnAsync(deadline + clock.TimestampFrequency, urgent: false, TestContext.Current.CancellationToken)).Taken);
    }

    [Fact]
    public async Task TakeGlobalTurn_AllInFlightPastDeadline_ReturnsInsteadOfWaiting()
    {
        var (clock, limits) = Start();
        await TakeAsync(limits, Limit);
        clock.Advance(TimeSpan.FromSeconds(5));

        var deadline = clock.GetTimestamp() + clock.TimestampFrequency;
        var waiting = limits.TakeGlobalTurnAsync(deadline, urgent: false, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        var refused = await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.False(refused.Taken);
    }

    [Fact]
    public async Task TakeGlobalTurn_UrgentWaitingBehindRoutine_TakesTheNextTurnFirst()
    {
        var (clock, limits) = Start();
        await TakeAsync(limits, Limit);
        clock.Advance(TimeSpan.FromSeconds(5));
        var routine = limits.TakeGlobalTurnAsync(long.MaxValue, urgent: false, TestContext.Current.CancellationToken);
        var urgent = limits.TakeGlobalTurnAsync(long.MaxValue, urgent: true, TestContext.Current.CancellationToken);

        // Each pulsed waiter reads the time and then sets up its wait: a move of the clock between the two lands the wait
        // a move late, so the clock moves in steps (at most one more) until the turn is taken.
        limits.GlobalAnswered();
        await clock.AdvanceUntilAsync(() => urgent.IsCompleted, TimeSpan.FromSeconds(1), limit: TimeSpan.FromSeconds(2));

        Assert.True((await urgent.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Taken);
        Assert.False(routine.IsCompleted, "the one free turn was the reminder's");
        limits.GlobalAnswered();
        await clock.AdvanceUntilAsync(() => routine.IsCompleted, TimeSpan.FromSeconds(1), limit: TimeSpan.FromSeconds(2));
        Assert.True((await routine.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Taken);
    }

    private static (FakeTimeProvider Clock, RateLimitState Limits) Start()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        return (clock, new RateLimitState(clock, Limit));
    }

    private static async Task TakeAsync(RateLimitState limits, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True((await limits.TakeGlobalTurnAsync(long.MaxValue, urgent: false, TestContext.Current.CancellationToken)).Taken);
        }
    }

    private sealed class ToleranceComparer(TimeSpan tolerance) : IEqualityComparer<TimeSpan>
    {
        public bool Equals(TimeSpan x, TimeSpan y) => (x - y).Duration() <= tolerance;

        public int GetHashCode(TimeSpan obj) => 0;
    }
}

using Dpse.Core.Instances;
using Dpse.Discord.Rest;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Discord.Tests.Rest;

/// <summary>Discord's global limit is per bot: instances each use their share, so together they stay under it.</summary>
public sealed class GlobalBudgetShareTests
{
    [Fact]
    public async Task TakeGlobalTurn_ThreeInstances_EachHoldsAtMostItsShareAndTogetherUnderTheLimit()
    {
        var time = new FakeTimeProvider();
        var presence = new InstancePresence();
        presence.Update(new InstanceCensus(3, 0));
        var instances = Enumerable.Range(0, 3).Select(_ => new RateLimitState(time, 50, () => presence.Census.Live)).ToList();

        // Each instance has 60 requests queued at once and none is answered yet: how many may leave, and when?
        var departures = new List<List<TimeSpan>>();
        foreach (var state in instances)
        {
            var own = new List<TimeSpan>();
            for (var i = 0; i < 60; i++)
            {
                var turn = state.TakeGlobalTurnAsync(long.MaxValue, urgent: false, TestContext.Current.CancellationToken);
                if (!turn.IsCompleted)
                {
                    break;
                }

                own.Add((await turn).Wait);
            }

            departures.Add(own);
        }

        foreach (var own in departures)
        {
            Assert.True(own.Count <= 16, $"one instance let {own.Count} requests leave unanswered (its share is 50 / 3)");
            Assert.True(MostInAnySecond(own) <= 16, $"one instance sent {MostInAnySecond(own)} in one second (its share is 50 / 3)");
        }

        var all = departures.SelectMany(d => d).ToList();
        Assert.True(MostInAnySecond(all) <= 50, $"the instances together sent {MostInAnySecond(all)} in one second");
    }

    [Fact]
    public async Task TakeGlobalTurn_InstanceLeaves_ShareRisesOnlyASecondAfterTheCensusSaysSo()
    {
        var time = new FakeTimeProvider();
        var presence = new InstancePresence();
        presence.Update(new InstanceCensus(2, 0));
        var state = new RateLimitState(time, 50, () => presence.Census.Live);

        var first = await TakeAsync(state);
        var halfShare = await TakeAsync(state) - first;

        // The other instance is seen gone; what it sent in its last second still counts at Discord for up to a second.
        presence.Update(new InstanceCensus(1, 0));
        var third = await TakeAsync(state);
        var stillHalf = await TakeAsync(state) - third;
        time.Advance(TimeSpan.FromSeconds(1));
        var fifth = await TakeAsync(state);
        var wholeAfter = await TakeAsync(state) - fifth;

        Assert.InRange(halfShare.TotalMilliseconds, (1000 * 2 / 50.0) - 1, (1000 * 2 / 50.0) + 1);
        Assert.InRange(stillHalf.TotalMilliseconds, (1000 * 2 / 50.0) - 1, (1000 * 2 / 50.0) + 1);
        Assert.InRange(wholeAfter.TotalMilliseconds, (1000 / 50.0) - 1, (1000 / 50.0) + 1);
    }

    [Fact]
    public async Task TakeGlobalTurn_ALiveInstanceLooksGoneForUnderASecond_NoSecondAtDiscordSeesMoreThanTheLimit()
    {
        // Three busy instances at 16/s each. B's beat is late, so A's census counts two live instances for 0.9 s while B
        // and C go on sending: had A taken 25/s at once, the three together would have sent 56 in one second.
        var time = new FakeTimeProvider();
        var seenByA = new InstancePresence();
        var seenByOthers = new InstancePresence();
        seenByA.Update(new InstanceCensus(3, 0));
        seenByOthers.Update(new InstanceCensus(3, 1));
        var a = new RateLimitState(time, 50, () => seenByA.Census.Live);
        var others = Enumerable.Range(0, 2).Select(_ => new RateLimitState(time, 50, () => seenByOthers.Census.Live)).ToList();
        var arrivals = new List<TimeSpan>();
        var step = TimeSpan.FromMilliseconds(5);
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromSeconds(5); elapsed += step)
        {
            seenByA.Update(new InstanceCensus(elapsed >= TimeSpan.FromSeconds(2) && elapsed < TimeSpan.FromSeconds(2.9) ? 2 : 3, 0));
            foreach (var state in others.Prepend(a))
            {
                // Each request arrives when it departs and is answered at once.
                var turn = await state.TakeGlobalTurnAsync(time.GetTimestamp(), urgent: false, TestContext.Current.CancellationToken);
                if (turn.Taken)
                {
                    arrivals.Add(elapsed + turn.Wait);
                    state.GlobalAnswered();
                }
            }

            time.Advance(step);
        }

        Assert.True(MostInAnySecond(arrivals) <= 50, $"{MostInAnySecond(arrivals)} requests arrived at Discord in one second");
    }

    private static async Task<TimeSpan> TakeAsync(RateLimitState state) =>
        (await state.TakeGlobalTurnAsync(long.MaxValue, urgent: false, TestContext.Current.CancellationToken)).Wait;

    private static int MostInAnySecond(List<TimeSpan> departures)
    {
        var sorted = departures.Order().ToList();
        var most = 0;
        for (int start = 0, end = 0; start < sorted.Count; start++)
        {
            while (end < sorted.Count && sorted[end] - sorted[start] < TimeSpan.FromSeconds(1))
            {
                end++;
            }

            most = Math.Max(most, end - start);
        }

        return most;
    }
}

using Dpse.Core.Instances;
using Dpse.Discord.Rest;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Discord.Tests.Rest;

/// <summary>Discord's global limit is per bot: instances each use their share, so together they stay under it.</summary>
public sealed class GlobalBudgetShareTests
{
    [Fact]
    public void ReserveGlobal_ThreeInstances_EachAtMostItsShareAndTogetherUnderTheLimitInAnySecond()
    {
        var time = new FakeTimeProvider();
        var presence = new InstancePresence();
        presence.Update(new InstanceCensus(3, 0));
        var instances = Enumerable.Range(0, 3).Select(_ => new RateLimitState(time, 50, () => presence.Census.Live)).ToList();

        // Each instance has 60 requests queued at once: when does each leave?
        var departures = instances.Select(state => Enumerable.Range(0, 60).Select(_ => state.ReserveGlobal()).ToList()).ToList();

        foreach (var own in departures)
        {
            Assert.True(MostInAnySecond(own) <= 16, $"one instance sent {MostInAnySecond(own)} in one second (its share is 50 / 3)");
        }

        var all = departures.SelectMany(d => d).ToList();
        Assert.True(MostInAnySecond(all) <= 50, $"the instances together sent {MostInAnySecond(all)} in one second");
    }

    [Fact]
    public void ReserveGlobal_InstanceLeaves_ShareReadAgainOnTheNextDeparture()
    {
        var time = new FakeTimeProvider();
        var presence = new InstancePresence();
        presence.Update(new InstanceCensus(2, 0));
        var state = new RateLimitState(time, 50, () => presence.Census.Live);

        var first = state.ReserveGlobal();
        var halfShare = state.ReserveGlobal() - first;
        presence.Update(new InstanceCensus(1, 0));
        var third = state.ReserveGlobal();
        var wholeAfter = state.ReserveGlobal() - third;

        Assert.InRange(halfShare.TotalMilliseconds, (1040 * 2 / 50.0) - 1, (1040 * 2 / 50.0) + 1);
        Assert.InRange(wholeAfter.TotalMilliseconds, (1040 / 50.0) - 1, (1040 / 50.0) + 1);
    }

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

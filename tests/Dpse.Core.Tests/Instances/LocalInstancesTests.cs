using Dpse.Core.Instances;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Core.Tests.Instances;

/// <summary>The in-process instance ports: what LiteDB runs with, and what adapter tests share between two instances.</summary>
public sealed class LocalInstancesTests
{
    private static LocalInstanceMembership Member(LocalCluster cluster, string id) =>
        new(cluster, Options.Create(new InstanceOptions { Id = id, TimeToLive = TimeSpan.FromSeconds(15) }));

    [Fact]
    public async Task Heartbeat_OtherInstanceSilentPastTimeToLive_NoLongerCounted()
    {
        var time = new FakeTimeProvider();
        var cluster = new LocalCluster(time);
        var a = Member(cluster, "a");
        var b = Member(cluster, "b");
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(new InstanceCensus(1, 0), await b.HeartbeatAsync(ct));
        Assert.Equal(new InstanceCensus(2, 0), await a.HeartbeatAsync(ct));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(new InstanceCensus(2, 1), await b.HeartbeatAsync(ct));
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(new InstanceCensus(1, 0), await b.HeartbeatAsync(ct));
    }

    [Fact]
    public async Task Leave_CountDropsAtOnce()
    {
        var cluster = new LocalCluster(new FakeTimeProvider());
        var a = Member(cluster, "a");
        var b = Member(cluster, "b");
        var ct = TestContext.Current.CancellationToken;
        await a.HeartbeatAsync(ct);
        await b.HeartbeatAsync(ct);

        await b.LeaveAsync(ct);

        Assert.Equal(1, (await a.HeartbeatAsync(ct)).Live);
    }

    [Fact]
    public async Task TryHold_ShardHeldByAnotherInstance_RefusedUntilReleased()
    {
        var cluster = new LocalCluster(new FakeTimeProvider());
        using var a = new LocalShardOwnership(cluster);
        using var b = new LocalShardOwnership(cluster);
        var ct = TestContext.Current.CancellationToken;

        var held = await a.TryHoldAsync(0, ct);
        Assert.NotNull(held);
        Assert.Null(await b.TryHoldAsync(0, ct));
        Assert.NotNull(await b.TryHoldAsync(1, ct));

        await held.DisposeAsync();
        Assert.NotNull(await b.TryHoldAsync(0, ct));
    }

    [Fact]
    public async Task Dispose_Ownership_HoldsReportLost()
    {
        var cluster = new LocalCluster(new FakeTimeProvider());
        var a = new LocalShardOwnership(cluster);
        var held = await a.TryHoldAsync(0, TestContext.Current.CancellationToken);

        a.Dispose();

        Assert.True(held!.Lost.IsCancellationRequested);
        Assert.False(await held.CheckAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(7, 3, new[] { 3, 2, 2 })]
    [InlineData(6, 3, new[] { 2, 2, 2 })]
    [InlineData(1, 2, new[] { 1, 0 })]
    [InlineData(5, 1, new[] { 5 })]
    public void ShareOf_SharesAddUpAndNoneAboveCeiling(int total, int live, int[] expected)
    {
        var shares = Enumerable.Range(0, live).Select(rank => new InstanceCensus(live, rank).ShareOf(total)).ToArray();

        Assert.Equal(expected, shares);
        Assert.Equal(total, shares.Sum());
    }

    [Fact]
    public async Task TryTake_SameBucketFromTwoInstances_SecondWaitsTheInterval()
    {
        var time = new FakeTimeProvider();
        var cluster = new LocalCluster(time);
        var a = new LocalIdentifyTurns(cluster);
        var b = new LocalIdentifyTurns(cluster);
        var interval = TimeSpan.FromSeconds(5);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(TimeSpan.Zero, await a.TryTakeAsync(0, interval, ct));
        Assert.Equal(TimeSpan.Zero, await b.TryTakeAsync(1, interval, ct));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(3), await b.TryTakeAsync(0, interval, ct));
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.Zero, await b.TryTakeAsync(0, interval, ct));
    }
}

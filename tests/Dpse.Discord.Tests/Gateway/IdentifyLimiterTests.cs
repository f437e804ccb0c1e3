using Dpse.Discord.Gateway;
using Dpse.Discord.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Discord.Tests.Gateway;

public sealed class IdentifyLimiterTests
{
    [Fact]
    public async Task Wait_SameBucket_SecondIdentifyWaitsFiveSeconds()
    {
        var time = new FakeTimeProvider();
        var limiter = new IdentifyLimiter(time, maxConcurrency: 1);

        await limiter.WaitAsync(0, TestContext.Current.CancellationToken);
        var second = limiter.WaitAsync(1, TestContext.Current.CancellationToken);
        var waited = await time.AdvanceUntilAsync(() => second.IsCompleted, TimeSpan.FromMilliseconds(500));

        await second;
        Assert.True(waited >= IdentifyLimiter.Interval, $"second identify after {waited}");
    }

    [Fact]
    public async Task Wait_MaxConcurrencyTwo_TwoShardsIdentifyAtOnce()
    {
        var time = new FakeTimeProvider();
        var limiter = new IdentifyLimiter(time, maxConcurrency: 2);

        await limiter.WaitAsync(0, TestContext.Current.CancellationToken);
        await limiter.WaitAsync(1, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var third = limiter.WaitAsync(2, TestContext.Current.CancellationToken);

        Assert.False(third.IsCompleted);
        await time.AdvanceUntilAsync(() => third.IsCompleted, TimeSpan.FromMilliseconds(500));
    }
}

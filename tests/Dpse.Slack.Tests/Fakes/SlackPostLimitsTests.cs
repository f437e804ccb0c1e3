using Microsoft.Extensions.Time.Testing;

namespace Dpse.Slack.Tests.Fakes;

// The limits the fake Slack and the bench's paced Slack both enforce: pinned here so a change shows in both.
public sealed class SlackPostLimitsTests
{
    [Fact]
    public void TryPost_ChannelBucketSpent_TooManyUntilTheNextToken()
    {
        var time = new FakeTimeProvider();
        var limits = new SlackPostLimits(time) { ChannelPostBurst = 1 };

        Assert.Null(limits.TryPost("C1", time.GetTimestamp()));
        time.Advance(TimeSpan.FromMilliseconds(400));
        var limited = limits.TryPost("C1", time.GetTimestamp());

        Assert.NotNull(limited);
        Assert.Equal(0.6, limited.Seconds, precision: 9);
        Assert.Equal("1", limited.RetryAfter);
        Assert.Null(limits.TryPost("C2", time.GetTimestamp()));
        time.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Null(limits.TryPost("C1", time.GetTimestamp()));
    }

    [Fact]
    public void TryPost_FractionalBurst_ToleratesAnEarlyPost()
    {
        var time = new FakeTimeProvider();
        var limits = new SlackPostLimits(time) { ChannelPostBurst = 1.05 };

        Assert.Null(limits.TryPost("C1", time.GetTimestamp()));
        time.Advance(TimeSpan.FromMilliseconds(960));

        Assert.Null(limits.TryPost("C1", time.GetTimestamp()));
        Assert.NotNull(limits.TryPost("C1", time.GetTimestamp()));
    }

    [Fact]
    public void TryPost_WorkspaceBucketEmpty_TooManyAndTakesNothingFromTheChannel()
    {
        var time = new FakeTimeProvider();
        var limits = new SlackPostLimits(time) { ChannelPostBurst = 1, WorkspacePostsPerMinute = 120, WorkspacePostBurst = 1 };

        Assert.Null(limits.TryPost("C1", time.GetTimestamp()));
        var limited = limits.TryPost("C2", time.GetTimestamp());
        time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.NotNull(limited);
        Assert.Equal(0.5, limited.Seconds, precision: 9);
        Assert.Null(limits.TryPost("C2", time.GetTimestamp()));
    }

    [Fact]
    public void RetryAfter_WholeSecondsAtLeastOne()
    {
        Assert.Equal("1", new SlackTooManyRequests(0.01).RetryAfter);
        Assert.Equal("3", new SlackTooManyRequests(2.3).RetryAfter);
        Assert.Equal("""{"ok":false,"error":"ratelimited"}""", SlackTooManyRequests.Body);
    }
}

using Microsoft.Extensions.Time.Testing;

namespace Dpse.Discord.Tests.Fakes;

// The limits the fake Discord and the bench's loopback Discord both enforce: pinned here so a change shows in both.
public sealed class DiscordRateLimitsTests
{
    [Fact]
    public void EnterGlobal_MoreThanTheLimitWithinASecond_GlobalTooManyUntilTheOldestLeaves()
    {
        var time = new FakeTimeProvider();
        var limits = new DiscordRateLimits(time) { GlobalPerSecond = 2 };

        Assert.Null(limits.EnterGlobal("/channels/1/messages", time.GetTimestamp()));
        time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Null(limits.EnterGlobal("/channels/2/messages", time.GetTimestamp()));
        var limited = limits.EnterGlobal("/users/@me/channels", time.GetTimestamp());

        Assert.NotNull(limited);
        Assert.Equal("true", limited.Headers["X-RateLimit-Global"]);
        Assert.Equal("global", limited.Headers["X-RateLimit-Scope"]);
        Assert.Equal("1", limited.Headers["Retry-After"]);
        Assert.Equal("""{"message":"You are being rate limited.","retry_after":0.800,"global":true}""", limited.Body);
        time.Advance(TimeSpan.FromMilliseconds(800));
        Assert.Null(limits.EnterGlobal("/channels/3/messages", time.GetTimestamp()));
    }

    [Fact]
    public void EnterGlobal_InteractionRoutes_Exempt()
    {
        var time = new FakeTimeProvider();
        var limits = new DiscordRateLimits(time) { GlobalPerSecond = 1 };

        Assert.Null(limits.EnterGlobal("/channels/1/messages", time.GetTimestamp()));

        Assert.Null(limits.EnterGlobal("/interactions/1/token/callback", time.GetTimestamp()));
        Assert.Null(limits.EnterGlobal("/webhooks/1/token", time.GetTimestamp()));
        Assert.NotNull(limits.EnterGlobal("/channels/1/messages", time.GetTimestamp()));
    }

    [Fact]
    public void EnterGlobal_ArrivalStampedBeforeACountedOne_CountedByAge()
    {
        var time = new FakeTimeProvider();
        var limits = new DiscordRateLimits(time) { GlobalPerSecond = 1 };
        var earlier = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Null(limits.EnterGlobal("/channels/1/messages", time.GetTimestamp()));

        Assert.NotNull(limits.EnterGlobal("/channels/2/messages", earlier));
    }

    [Fact]
    public void EnterChannel_SixthPostWithinFiveSeconds_TooManyInTheMessagesBucket()
    {
        var time = new FakeTimeProvider();
        var limits = new DiscordRateLimits(time) { ChannelMessagesPer5Seconds = 5 };
        var remaining = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var headers = new Dictionary<string, string>();
            Assert.Null(limits.EnterChannel("POST", "/channels/1/messages", time.GetTimestamp(), headers));
            Assert.Equal(("messages", "5", "5.000"), (headers["X-RateLimit-Bucket"], headers["X-RateLimit-Limit"], headers["X-RateLimit-Reset-After"]));
            remaining.Add(headers["X-RateLimit-Remaining"]);
        }

        time.Advance(TimeSpan.FromSeconds(1));
        var limited = limits.EnterChannel("POST", "/channels/1/messages", time.GetTimestamp(), new Dictionary<string, string>());

        Assert.Equal(["4", "3", "2", "1", "0"], remaining);
        Assert.NotNull(limited);
        Assert.False(limited.Global);
        Assert.Equal(("messages", "4.000", "4", "user"), (limited.Headers["X-RateLimit-Bucket"], limited.Headers["X-RateLimit-Reset-After"], limited.Headers["Retry-After"], limited.Headers["X-RateLimit-Scope"]));
        Assert.Null(limits.EnterChannel("POST", "/channels/2/messages", time.GetTimestamp(), new Dictionary<string, string>()));
        Assert.Null(limits.EnterChannel("GET", "/channels/1/messages", time.GetTimestamp(), new Dictionary<string, string>()));
    }
}

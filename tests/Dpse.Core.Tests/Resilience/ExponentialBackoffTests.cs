using Dpse.Core.Resilience;

namespace Dpse.Core.Tests.Resilience;

public sealed class ExponentialBackoffTests
{
    [Fact]
    public void Delay_DoublesFromTheFirstWaitUpToTheCap()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(8));

        var waits = Enumerable.Range(1, 7).Select(n => backoff.Delay(n).TotalSeconds);

        Assert.Equal([0.5, 1, 2, 4, 8, 8, 8], waits);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(int.MinValue)]
    public void Delay_RetryBelowOne_IsTheFirstWait(int retry)
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15));

        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Delay(retry));
    }

    [Theory]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(1_000)]
    [InlineData(int.MaxValue)]
    public void Delay_ManyRetries_StaysAtTheCapWithoutOverflow(int retry)
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromDays(1), TimeSpan.MaxValue);

        Assert.Equal(TimeSpan.MaxValue, backoff.Delay(retry));
    }

    [Fact]
    public void Delay_WithHalfJitter_LiesBetweenHalfAndAllOfTheWait()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), jitter: 0.5);

        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Delay(3, roll: 0));
        Assert.Equal(TimeSpan.FromSeconds(3), backoff.Delay(3, roll: 0.5));
        Assert.Equal(TimeSpan.FromSeconds(4), backoff.Delay(3, roll: 1));
        Assert.Equal(TimeSpan.FromSeconds(4), backoff.Ceiling(3));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Delay(3, roll: -5)); // rolls are clamped into 0..1
        Assert.Equal(TimeSpan.FromSeconds(4), backoff.Delay(3, roll: 7));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Delay(50, roll: 0)); // the cap is jittered too
    }

    [Fact]
    public void Delay_WithoutJitter_IgnoresTheRoll()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60));

        Assert.Equal(TimeSpan.FromSeconds(8), backoff.Delay(3, roll: 0));
        Assert.Equal(TimeSpan.FromSeconds(8), backoff.Delay(3, roll: 0.3));
    }

    [Theory]
    [InlineData(-1, 10, 0)]
    [InlineData(5, 4, 0)]
    [InlineData(1, 10, -0.1)]
    [InlineData(1, 10, 1.1)]
    [InlineData(1, 10, double.NaN)]
    public void Constructor_NonsenseSettings_Throw(int firstSeconds, int capSeconds, double jitter) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(TimeSpan.FromSeconds(firstSeconds), TimeSpan.FromSeconds(capSeconds), jitter));

    // The five hand-written formulas this type replaced, kept here as they were, so the move is shown to change no wait.

    [Fact]
    public void Delay_DiscordRestServerErrors_AsTheFormulaItReplaced()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(8));
        static TimeSpan Old(int attempt)
        {
            var delay = TimeSpan.FromMilliseconds(500 * Math.Pow(2, attempt - 1));
            return delay > TimeSpan.FromSeconds(8) ? TimeSpan.FromSeconds(8) : delay;
        }

        Assert.All(Enumerable.Range(1, 40), n => Assert.Equal(Old(n), backoff.Delay(n)));
    }

    [Fact]
    public void Delay_DiscordGatewayLookup_AsTheFormulaItReplaced()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60));
        static TimeSpan Old(int attempt) => TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, attempt)));

        Assert.All(Enumerable.Range(1, 2000), n => Assert.Equal(Old(n), backoff.Delay(n)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.37)]
    [InlineData(0.5)]
    [InlineData(0.99)]
    [InlineData(1.0)]
    public void Delay_DiscordShardReconnect_AsTheFormulaItReplaced(double roll)
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), jitter: 0.5);
        static TimeSpan Old(int failures, double random)
        {
            var cap = Math.Min(60, 1 * Math.Pow(2, failures - 1));
            return TimeSpan.FromSeconds(cap * (0.5 + (0.5 * random)));
        }

        // The old one truncated to a tick where this one rounds: at most one tick (100 ns) apart.
        Assert.All(Enumerable.Range(1, 40), n => Assert.InRange((backoff.Delay(n, roll) - Old(n, roll)).Duration().Ticks, 0, 1));
    }

    [Theory]
    [InlineData(1_000, 30_000, 0.0)]
    [InlineData(1_000, 30_000, 0.61)]
    [InlineData(100, 1_000, 0.99)]
    [InlineData(1_000, 30_000, 1.0)]
    public void Delay_SlackSocketModeReconnect_AsTheFormulaItReplaced(int baseMs, int capMs, double roll)
    {
        var (first, cap) = (TimeSpan.FromMilliseconds(baseMs), TimeSpan.FromMilliseconds(capMs));
        var backoff = new ExponentialBackoff(first, cap, jitter: 0.5);
        TimeSpan Old(int failures)
        {
            var raw = first * Math.Pow(2, Math.Min(failures - 2, 16));
            return (raw > cap ? cap : raw) * (0.5 + (0.5 * Math.Clamp(roll, 0, 1)));
        }

        // Slack's count starts one earlier (its first retry goes at once), so failure f is retry f − 1.
        Assert.All(Enumerable.Range(2, 40), f => Assert.Equal(Old(f), backoff.Delay(f - 1, roll)));
    }

    [Fact]
    public void Delay_OutboxRetries_AsTheFormulaItReplaced()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15));
        static TimeSpan Old(int attempts) =>
            TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20)), TimeSpan.FromMinutes(15).TotalSeconds));

        Assert.All(Enumerable.Range(-2, 40), n => Assert.Equal(Old(n), backoff.Delay(n)));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Delay(1));
        Assert.Equal(TimeSpan.FromMinutes(1), backoff.Delay(2));
        Assert.Equal(TimeSpan.FromMinutes(2), backoff.Delay(3));
    }

    [Fact]
    public void Delay_PostgresListener_AsTheFormulaItReplaced()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30));
        static TimeSpan Old(int failures) =>
            TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, TimeSpan.FromMilliseconds(250).Ticks << Math.Min(failures - 1, 16)));

        Assert.All(Enumerable.Range(1, 40), n => Assert.Equal(Old(n), backoff.Delay(n)));
    }
}

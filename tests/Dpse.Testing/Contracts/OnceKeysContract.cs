using Dpse.Core.Duplicates;
using Xunit;

namespace Dpse.Testing.Contracts;

/// <summary>
/// The contract every <see cref="IOnceKeys"/> store passes: the first claimer of a key wins and only it, even when many
/// race; an expired claim can be claimed again; a sweep removes exactly the expired claims. A provider subclasses it
/// once and says how to make a fresh, empty store. Instants are whole milliseconds, the finest every store keeps.
/// </summary>
public abstract class OnceKeysContract
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 18, 0, 0, 250, TimeSpan.Zero);

    /// <summary>The test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates a fresh, empty store; the test disposes the owner (closing and deleting any file) at the end.</summary>
    protected abstract ValueTask<(IOnceKeys Keys, IAsyncDisposable Owner)> CreateAsync();

    [Fact]
    public async Task TryClaim_SameKeyTwiceBeforeExpiry_OnlyFirstWins()
    {
        var (keys, owner) = await CreateAsync();
        await using var _ = owner;

        Assert.True(await keys.TryClaimAsync("slack:envelope:1", T0, T0.AddMinutes(15), Ct));
        Assert.False(await keys.TryClaimAsync("slack:envelope:1", T0.AddSeconds(1), T0.AddMinutes(16), Ct));
        Assert.False(await keys.TryClaimAsync("slack:envelope:1", T0.AddMinutes(15).AddMilliseconds(-1), T0.AddMinutes(30), Ct));
    }

    [Fact]
    public async Task TryClaim_DifferentKeys_AreIndependent()
    {
        var (keys, owner) = await CreateAsync();
        await using var _ = owner;

        Assert.True(await keys.TryClaimAsync("slack:envelope:1", T0, T0.AddMinutes(15), Ct));
        Assert.True(await keys.TryClaimAsync("slack:envelope:2", T0, T0.AddMinutes(15), Ct));
        Assert.True(await keys.TryClaimAsync("SLACK:ENVELOPE:1", T0, T0.AddMinutes(15), Ct));
    }

    [Fact]
    public async Task TryClaim_AfterExpiry_ClaimsAgainUntilTheNewExpiry()
    {
        var (keys, owner) = await CreateAsync();
        await using var _ = owner;
        Assert.True(await keys.TryClaimAsync("k", T0, T0.AddMinutes(1), Ct));

        // Expired at exactly its expiry: the key is free again, and the new claim holds until its own expiry.
        Assert.True(await keys.TryClaimAsync("k", T0.AddMinutes(1), T0.AddMinutes(10), Ct));
        Assert.False(await keys.TryClaimAsync("k", T0.AddMinutes(5), T0.AddMinutes(20), Ct));
        Assert.True(await keys.TryClaimAsync("k", T0.AddMinutes(10).AddMilliseconds(1), T0.AddMinutes(20), Ct));
    }

    [Fact]
    public async Task Sweep_RemovesOnlyExpiredClaims()
    {
        var (keys, owner) = await CreateAsync();
        await using var _ = owner;
        Assert.True(await keys.TryClaimAsync("short-1", T0, T0.AddMinutes(1), Ct));
        Assert.True(await keys.TryClaimAsync("short-2", T0, T0.AddMinutes(2), Ct));
        Assert.True(await keys.TryClaimAsync("long", T0, T0.AddMinutes(10), Ct));

        Assert.Equal(2, await keys.SweepAsync(T0.AddMinutes(2), Ct));
        Assert.Equal(0, await keys.SweepAsync(T0.AddMinutes(2), Ct));

        Assert.False(await keys.TryClaimAsync("long", T0.AddMinutes(2), T0.AddMinutes(20), Ct));
        Assert.True(await keys.TryClaimAsync("short-1", T0.AddMinutes(2), T0.AddMinutes(20), Ct));
    }

    [Fact]
    public async Task TryClaim_ManyRacingOnEachKey_ExactlyOneWinsEach()
    {
        var (keys, owner) = await CreateAsync();
        await using var _ = owner;
        const int Keys = 10;
        const int Claimers = 20;
        using var start = new ManualResetEventSlim();

        var claims = Enumerable.Range(0, Keys * Claimers).Select(i => Task.Run(
            async () =>
            {
                start.Wait(Ct);
                var key = $"race:{i % Keys}";
                return (Key: key, Won: await keys.TryClaimAsync(key, T0, T0.AddMinutes(15), Ct));
            },
            Ct)).ToList();
        start.Set();
        var results = await Task.WhenAll(claims);

        Assert.All(results.GroupBy(r => r.Key), g => Assert.Equal(1, g.Count(r => r.Won)));
        Assert.Equal(Keys, results.Count(r => r.Won));
    }

    [Fact]
    public async Task TryClaim_BadArguments_Throw()
    {
        var (keys, owner) = await CreateAsync();
        await using var _ = owner;

        await Assert.ThrowsAsync<ArgumentException>(() => keys.TryClaimAsync("", T0, T0.AddMinutes(1), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => keys.TryClaimAsync(new string('k', OnceKey.MaxLength + 1), T0, T0.AddMinutes(1), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => keys.TryClaimAsync("k", T0, T0, Ct));
        Assert.True(await keys.TryClaimAsync(new string('k', OnceKey.MaxLength), T0, T0.AddMinutes(1), Ct));
    }
}

using Dpse.Slack.WebApi;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Slack.Tests.WebApi;

public class SlackRateGateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (SlackRateGate Gate, FakeTimeProvider Clock) Create(int postsPerMinute = 525)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        return (new SlackRateGate(clock, Options.Create(new SlackOptions { PostsPerMinutePerWorkspace = postsPerMinute })), clock);
    }

    [Fact]
    public async Task PostMessage_TwoInstancesLive_EachTakesHalfTheWorkspaceCeiling()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var presence = new Dpse.Core.Instances.InstancePresence();
        presence.Update(new Dpse.Core.Instances.InstanceCensus(2, 1));
        var gate = new SlackRateGate(clock, Options.Create(new SlackOptions { PostsPerMinutePerWorkspace = 600 }), presence: presence);

        // 600 a minute for the workspace, two instances: this one posts every 200 ms, not every 100 ms.
        var first = gate.WaitTurnAsync("chat.postMessage", "C1", Ct);
        var second = gate.WaitTurnAsync("chat.postMessage", "C2", Ct);
        Assert.True(first.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    [Fact]
    public async Task PostMessage_SameChannel_OneTurnPerSecond()
    {
        var (gate, clock) = Create();

        var first = gate.WaitTurnAsync("chat.postMessage", "C1", Ct);
        var second = gate.WaitTurnAsync("chat.postMessage", "C1", Ct);
        Assert.True(first.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    [Fact]
    public async Task PostMessage_DifferentChannels_OnlyTheWorkspaceCeilingSpacesThem()
    {
        var (gate, clock) = Create(postsPerMinute: 600);

        // 600 a minute is one per 100 ms: the fifth channel's turn comes at 400 ms, far below one second per channel.
        var turns = Enumerable.Range(1, 5).Select(i => gate.WaitTurnAsync("chat.postMessage", $"C{i}", Ct)).ToList();
        Assert.True(turns[0].IsCompleted);
        Assert.All(turns.Skip(1), t => Assert.False(t.IsCompleted));

        clock.Advance(TimeSpan.FromMilliseconds(399));
        await Task.WhenAll(turns.Take(4)).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.False(turns[4].IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        await turns[4].WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    [Fact]
    public async Task PostMessage_UrgentArrivesBehindAFanOut_TakesTheNextTurnAndTheRestKeepTheirOrderAndPace()
    {
        var (gate, clock) = Create(postsPerMinute: 600);

        // Five digests queue for the workspace (one turn per 100 ms); a reminder arrives last but posts second.
        var digests = Enumerable.Range(1, 5).Select(i => gate.WaitTurnAsync("chat.postMessage", $"C{i}", Ct)).ToList();
        var reminder = gate.WaitTurnAsync("chat.postMessage", "C9", Ct, urgent: true);
        var firstAtOnce = digests[0].IsCompleted;

        clock.Advance(TimeSpan.FromMilliseconds(100));
        await reminder.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var secondDigestAt100 = digests[1].IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await digests[1].WaitAsync(TimeSpan.FromSeconds(30), Ct);
        clock.Advance(TimeSpan.FromMilliseconds(299));
        await Task.WhenAll(digests[2], digests[3]).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var lastAt499 = digests[4].IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await digests[4].WaitAsync(TimeSpan.FromSeconds(30), Ct);

        // Turns: C1 at 0, the reminder at 100, then C2..C5 at 200..500: the urgent one went first, the pace held.
        Assert.True(firstAtOnce);
        Assert.False(secondDigestAt100);
        Assert.False(lastAt499);
    }

    [Fact]
    public async Task PostMessage_WaiterCancelled_TheNextTakesItsTurn()
    {
        var (gate, clock) = Create(postsPerMinute: 600);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var first = gate.WaitTurnAsync("chat.postMessage", "C1", Ct);
        var cancelled = gate.WaitTurnAsync("chat.postMessage", "C2", giveUp.Token);
        var third = gate.WaitTurnAsync("chat.postMessage", "C3", Ct);
        await giveUp.CancelAsync();
        clock.Advance(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await third.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.True(first.IsCompleted);
    }

    [Fact]
    public async Task PostMessage_WorkspaceCeiling_SpacesPostsAcrossChannels()
    {
        var (gate, clock) = Create(postsPerMinute: 60);

        var first = gate.WaitTurnAsync("chat.postMessage", "C1", Ct);
        var second = gate.WaitTurnAsync("chat.postMessage", "C2", Ct);
        Assert.True(first.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    [Fact]
    public async Task Block_RetryAfter_HoldsTheMethodUntilItRunsOut()
    {
        var (gate, clock) = Create();

        gate.Block("chat.update", TimeSpan.FromSeconds(5));
        var turn = gate.WaitTurnAsync("chat.update", null, Ct);
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(turn.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        await turn.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.True(gate.WaitTurnAsync("views.open", null, Ct).IsCompleted);
    }

    [Fact]
    public void Tier_BurstAllowedThenPaced()
    {
        var (gate, _) = Create();

        // chat.update is Tier 3 (50+/min): a burst of ten passes at once, the eleventh waits.
        var turns = Enumerable.Range(0, 11).Select(_ => gate.WaitTurnAsync("chat.update", null, Ct)).ToList();

        Assert.All(turns.Take(10), t => Assert.True(t.IsCompleted));
        Assert.False(turns[10].IsCompleted);
    }
}

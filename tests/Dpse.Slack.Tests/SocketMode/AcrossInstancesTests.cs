using Dpse.Core.Duplicates;
using Dpse.Slack.Tests.Fakes;

namespace Dpse.Slack.Tests.SocketMode;

/// <summary>
/// Two bot instances on one store, each with its own Socket Mode connection: Slack may hand the same envelope to both
/// (a retry, a refresh overlap), and the command must run once. The shared <see cref="IOnceKeys"/> here is the
/// in-memory one standing for the store; the PostgreSQL contract shows the real one decides across pools.
/// </summary>
public sealed class AcrossInstancesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SameEnvelope_DeliveredToTwoInstances_RunsTheCommandOnce()
    {
        var store = new InMemoryOnceKeys();
        await using var one = await SlackHarness.CreateAsync(Ct, onceKeys: store);
        await using var two = await SlackHarness.CreateAsync(Ct, onceKeys: store);
        var first = await one.StartSocketAsync(Ct);
        var second = await two.StartSocketAsync(Ct);

        var envelope = Envelopes.SlashCommand("1d3c79ab-0ffb-41f3-a080-d19e85f53649", "story list", one.Slack.ResponseUrl("r1"));
        await Task.WhenAll(first.SendAsync(envelope), second.SendAsync(envelope));
        await first.WaitForAckAsync("1d3c79ab-0ffb-41f3-a080-d19e85f53649", Ct);
        await second.WaitForAckAsync("1d3c79ab-0ffb-41f3-a080-d19e85f53649", Ct);

        // Stopping waits for each instance's handler, so a second run would be recorded by now.
        await one.Service.StopAsync(Ct);
        await two.Service.StopAsync(Ct);
        Assert.Equal(1, one.Dispatcher.Calls.Snapshot().Count + two.Dispatcher.Calls.Snapshot().Count);
    }

    [Fact]
    public async Task DifferentEnvelopes_ToTwoInstances_EachRuns()
    {
        var store = new InMemoryOnceKeys();
        await using var one = await SlackHarness.CreateAsync(Ct, onceKeys: store);
        await using var two = await SlackHarness.CreateAsync(Ct, onceKeys: store);
        var first = await one.StartSocketAsync(Ct);
        var second = await two.StartSocketAsync(Ct);

        await first.SendAsync(Envelopes.SlashCommand("env-a", "story list", one.Slack.ResponseUrl("a")));
        await second.SendAsync(Envelopes.SlashCommand("env-b", "event list", two.Slack.ResponseUrl("b")));
        await first.WaitForAckAsync("env-a", Ct);
        await second.WaitForAckAsync("env-b", Ct);

        await one.Service.StopAsync(Ct);
        await two.Service.StopAsync(Ct);
        Assert.Equal(["story list"], one.Dispatcher.Calls.Snapshot().Select(c => c.Text));
        Assert.Equal(["event list"], two.Dispatcher.Calls.Snapshot().Select(c => c.Text));
    }
}

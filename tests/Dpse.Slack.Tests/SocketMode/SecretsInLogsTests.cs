using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Sending;
using Dpse.Slack.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace Dpse.Slack.Tests.SocketMode;

/// <summary>Tokens and response URLs are credentials: whatever the level, none reaches the log.</summary>
public sealed class SecretsInLogsTests
{
    private const string ResponseUrlCanary = "RESPONSEURLCANARY9f3";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(LogLevel.Information)]
    [InlineData(LogLevel.Debug)]
    public async Task Adapter_TokensAndResponseUrl_NeverLogged(LogLevel level)
    {
        await using var h = await SlackHarness.CreateAsync(Ct, minimumLevel: level);
        var release = new TaskCompletionSource<Reply>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Dispatcher.OnText = (_, _, ct) => release.Task.WaitAsync(ct);
        var socket = await h.StartSocketAsync(Ct);

        // A slow command answered through its response_url, and a channel post with the bot token.
        await socket.SendAsync(Envelopes.SlashCommand("env-slow", "story search solr", h.Slack.ResponseUrl(ResponseUrlCanary)));
        await h.Dispatcher.Calls.WaitAsync(c => c.Text == "story search solr", Ct);
        h.Clock.Advance(TimeSpan.FromSeconds(2));
        await socket.WaitForAckAsync("env-slow", Ct);
        release.SetResult(Reply.Public(Message.Line("3 stories found")));
        await h.Slack.Calls.WaitAsync(c => c.Method == "response_url:" + ResponseUrlCanary, Ct);
        var sent = await h.Sender.SendAsync(new ChannelTarget(new ChannelRef("slack", "T111", "C111")), Message.Line("digest"), "k-1", Ct);
        Assert.Equal(SendStatus.Sent, sent.Status);

        var records = h.Logs.GetSnapshot();
        Assert.NotEmpty(records);
        var everything = string.Join('\n', records.Select(r =>
            $"{r.Category} {r.Message} {r.Exception} {string.Join(' ', r.StructuredState?.Select(p => p.Value) ?? [])}"));
        Assert.Contains(records, r => r.Category?.StartsWith("System.Net.Http", StringComparison.Ordinal) != true);
        foreach (var canary in new[] { "xoxb-test-bot-token", "xapp-test-app-token", ResponseUrlCanary })
        {
            Assert.DoesNotContain(canary, everything, StringComparison.Ordinal);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Sending;
using Dpse.Slack;
using Dpse.Slack.Sending;
using Dpse.Slack.WebApi;
using Dpse.Testing.Slack;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dpse.Bench.Slack;

/// <summary>
/// Slack posting pace against an in-process fake Web API (an HttpMessageHandler, no sockets) that enforces one
/// chat.postMessage per second per channel and the workspace ceiling (the test kit's <see cref="SlackPostLimits"/>, as
/// the tests' fake Slack does), answering 429 with Retry-After when broken.
/// Reports each run as a ratio of its floor and the 429s received. Real clock.
/// </summary>
public static class SlackBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var perMinute = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 525;
        var digest = DigestMessage();

        var oneChannel = await RunCaseAsync(perMinute, Enumerable.Repeat("C-ONE", 10).ToList(), digest, floor: TimeSpan.FromSeconds(9));
        Report("10 messages to one channel", oneChannel);
        var channels = Enumerable.Range(1, 200).Select(i => $"C{i:D3}").ToList();
        var fanOutFloor = TimeSpan.FromMinutes(1) / perMinute * (channels.Count - 1);
        var fanOut = await RunCaseAsync(perMinute, channels, digest, fanOutFloor);
        Report($"1 digest to each of 200 channels (workspace ceiling {perMinute}/min)", fanOut);
        return 0;
    }

    private static void Report(string name, (TimeSpan Elapsed, TimeSpan Floor, int TooMany, int Failed) r) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {r.Elapsed.TotalSeconds:F2} s, floor {r.Floor.TotalSeconds:F2} s, ratio {r.Elapsed / r.Floor:F3}, 429s {r.TooMany}, failed {r.Failed}"));

    private static async Task<(TimeSpan, TimeSpan, int, int)> RunCaseAsync(int perMinute, List<string> targets, Message message, TimeSpan floor)
    {
        var options = Options.Create(new SlackOptions { Enabled = true, BotToken = "xoxb-bench", AppToken = "xapp-bench", ApiBaseUrl = new Uri("http://slack.invalid/api/"), PostsPerMinutePerWorkspace = perMinute });
        var fake = new PacedSlack(perMinute);
        using var http = new HttpClient(fake);
        var api = new SlackApiClient(http, options, new SlackRateGate(TimeProvider.System, options), TimeProvider.System, NullLogger<SlackApiClient>.Instance);
        var sender = new SlackMessageSender(api, TimeProvider.System);
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(targets.Select(c => sender.SendAsync(new ChannelTarget(new ChannelRef(Platforms.Slack, "T1", c)), message, "bench:" + c, CancellationToken.None)));
        clock.Stop();
        return (clock.Elapsed, floor, fake.TooMany, results.Count(r => r.Status != SendStatus.Sent));
    }

    private static Message DigestMessage()
    {
        var blocks = new List<MessageBlock> { new HeaderBlock("Weekly digest") };
        for (var i = 1; i <= 8; i++)
        {
            blocks.Add(DividerBlock.Instance);
            blocks.Add(new TextBlock([new BoldSpan($"S-{i} Search rebuild stalled"), LineBreakSpan.Instance, new PlainSpan(new string('x', 300))]));
            blocks.Add(ContextBlock.Plain("Anytown Council · local government · 3 celebrations"));
        }

        return new Message(blocks) { FallbackText = "Weekly digest" };
    }

    /// <summary>Slack's posting pace as a fake: 1/s per channel and a workspace ceiling, with a small tolerance for jitter.</summary>
    private sealed class PacedSlack(int perMinute) : HttpMessageHandler
    {
        // Per channel, 50 ms of tolerance (a bucket of 1.05 posts at one a second); across the workspace, a rate with a
        // short burst tolerated (three posts, i.e. two intervals early), as Slack describes its limits.
        private readonly SlackPostLimits _limits = new(TimeProvider.System) { ChannelPostBurst = 1.05, WorkspacePostsPerMinute = perMinute, WorkspacePostBurst = 3 };
        private int _tooMany;
        private int _ts;

        public int TooMany => Volatile.Read(ref _tooMany);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
            var channel = body["channel"]!.GetValue<string>();
            if (_limits.TryPost(channel, Stopwatch.GetTimestamp()) is { } limited)
            {
                Interlocked.Increment(ref _tooMany);
                var tooMany = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent(SlackTooManyRequests.Body, Encoding.UTF8, "application/json") };
                tooMany.Headers.TryAddWithoutValidation("Retry-After", limited.RetryAfter);
                return tooMany;
            }

            var ts = "1700000000." + Interlocked.Increment(ref _ts).ToString("D6", CultureInfo.InvariantCulture);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent($$"""{"ok":true,"channel":"{{channel}}","ts":"{{ts}}"}""", Encoding.UTF8, "application/json") };
        }
    }
}

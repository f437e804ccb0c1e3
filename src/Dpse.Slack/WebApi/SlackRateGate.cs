using System.Collections.Concurrent;
using Dpse.Core.Identity;
using Dpse.Core.Instances;
using Dpse.Core.Sending;
using Microsoft.Extensions.Options;

namespace Dpse.Slack.WebApi;

/// <summary>
/// Paces Web API calls so the bot approaches Slack's limits without provoking 429s: each method at its tier
/// (rate_limit_tiers.java-sdk.json), <c>chat.postMessage</c> at one message per second per channel plus a
/// workspace-wide ceiling (shared by the live instances: each takes its share, re-read for every post) where a
/// reminder's post takes the next turn before waiting digests, and every method held back while a 429's Retry-After
/// runs.
/// </summary>
internal sealed class SlackRateGate(TimeProvider time, IOptions<SlackOptions> options, RateLimitMetrics? metrics = null, InstancePresence? presence = null)
{
    /// <summary>Slack's documented pace for chat.postMessage into one channel.</summary>
    public static readonly TimeSpan PerChannelInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, RatePacer> _methods = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RatePacer> _channels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _blockedUntil = new(StringComparer.Ordinal);
    private readonly PriorityPacer _workspacePosts = new(TimeSpan.FromMinutes(1) / Math.Max(1, options.Value.PostsPerMinutePerWorkspace), time);

    /// <summary>
    /// Waits until <paramref name="method"/> may be called (for <paramref name="channel"/>, when it posts); an
    /// <paramref name="urgent"/> post (a reminder) takes the workspace's next turn before routine ones still waiting.
    /// </summary>
    public async Task WaitTurnAsync(string method, string? channel, CancellationToken cancellationToken, bool urgent = false)
    {
        // A 429's wait first, then a fresh paced turn: callers released together must not retry together.
        while (_blockedUntil.TryGetValue(method, out var until) && until > time.GetUtcNow())
        {
            await DelayAsync(until - time.GetUtcNow(), cancellationToken);
        }

        if (method == "chat.postMessage" && channel is not null)
        {
            // Per channel first, then the workspace: a message waiting for its channel does not hold a workspace turn.
            var pacer = _channels.GetOrAdd(channel, _ => new RatePacer(PerChannelInterval));
            await DelayAsync(pacer.Reserve(time.GetUtcNow()), cancellationToken);
            var waited = await _workspacePosts.TakeTurnAsync(urgent, presence?.Census.Live ?? 1, cancellationToken);
            if (waited > TimeSpan.Zero)
            {
                metrics?.Waited(Platforms.Slack, waited);
            }
        }
        else if (TierPacer(method) is { } tier)
        {
            await DelayAsync(tier.Reserve(time.GetUtcNow()), cancellationToken);
        }
    }

    /// <summary>How long <paramref name="method"/> is still held back by a 429, or null.</summary>
    public TimeSpan? BlockedFor(string method) =>
        _blockedUntil.TryGetValue(method, out var until) && until > time.GetUtcNow() ? until - time.GetUtcNow() : null;

    /// <summary>Holds <paramref name="method"/> back for a 429's Retry-After.</summary>
    public void Block(string method, TimeSpan retryAfter)
    {
        var until = time.GetUtcNow() + retryAfter;
        _blockedUntil.AddOrUpdate(method, until, (_, old) => old > until ? old : until);
    }

    private RatePacer? TierPacer(string method)
    {
        // Tier n allows about so many calls a minute; a small burst is tolerated (PROTOCOL.md S6).
        (int PerMinute, int Burst)? tier = method switch
        {
            "apps.connections.open" => null, // reconnects are paced by the backoff
            "chat.update" or "conversations.open" or "chat.delete" or "conversations.history" => (50, 10),
            "chat.postEphemeral" or "views.open" or "views.update" or "views.push" or "auth.test" => (100, 20),
            _ => (20, 5),
        };
        return tier is { } t ? _methods.GetOrAdd(method, _ => new RatePacer(TimeSpan.FromMinutes(1) / t.PerMinute, t.Burst)) : null;
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        metrics?.Waited(Platforms.Slack, delay);
        return Task.Delay(delay, time, cancellationToken);
    }
}

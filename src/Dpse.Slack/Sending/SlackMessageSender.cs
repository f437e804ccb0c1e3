using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dpse.Core.Identity;
using Dpse.Core.Sending;
using Dpse.Slack.Rendering;
using Dpse.Slack.WebApi;

namespace Dpse.Slack.Sending;

/// <summary>
/// Posts digests and reminders to Slack: channel posts with <c>chat.postMessage</c>, direct messages through the
/// DM channel <c>conversations.open</c> returns (remembered). A long message goes out as several posts, split between
/// entries. Paced by the API client; failures come back as Permanent (the target is gone or forbids us) or Transient.
/// Every post carries message metadata (<see cref="MetadataEventType"/>, a hash of the delivery key and part), so a
/// resend after an attempt of unknown outcome first reads the channel's history since it and posts only what is missing.
/// </summary>
public sealed class SlackMessageSender(SlackApiClient api, TimeProvider time) : IMessageSender
{
    /// <summary>The <c>metadata.event_type</c> of every delivery the bot posts; its payload carries the delivery's reference.</summary>
    public const string MetadataEventType = "dpse_delivery";

    /// <summary>Pages of history (200 messages each) looked through when reconciling an unconfirmed attempt.</summary>
    public const int LookupPages = 5;

    // Room for clock skew between us and Slack.
    private static readonly TimeSpan LookupMargin = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, string> _directChannels = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Platform => Platforms.Slack;

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(SendRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (target, message) = (request.Target, request.Message);
        if (target.Platform != Platforms.Slack)
        {
            return SendResult.Permanent($"The Slack sender cannot deliver to {target.Platform}.");
        }

        string channel;
        switch (target)
        {
            case ChannelTarget { Channel: var c }:
                channel = c.ChannelId;
                break;
            case DirectTarget { Person: var person }:
                if (!_directChannels.TryGetValue(person.UserId, out var dm))
                {
                    var opened = await api.OpenConversationAsync(person.UserId, cancellationToken);
                    dm = opened.Body?["channel"]?["id"] is JsonValue id && id.TryGetValue<string>(out var text) ? text : null;
                    if (!opened.Ok || dm is null)
                    {
                        return SlackErrors.ToSendResult(opened.Ok ? opened with { Ok = false, Error = "no_channel" } : opened, "conversations.open");
                    }

                    _directChannels[person.UserId] = dm;
                }

                channel = dm;
                break;
            default:
                return SendResult.Permanent("Unknown delivery target.");
        }

        var parts = BlockKitRenderer.Render(message);
        var found = new Dictionary<int, string>();
        if (request.UnconfirmedSince is { } since)
        {
            // chat.postMessage has no idempotency key: look for the earlier attempt's messages before posting again.
            var (lookup, failure) = await FindPostedAsync(channel, request.DeliveryKey, parts.Count, since, request.Deadline, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }

            found = lookup;
        }

        string? firstTs = null;
        var posted = false;
        for (var i = 0; i < parts.Count; i++)
        {
            if (found.TryGetValue(i, out var existing))
            {
                firstTs ??= existing;
                continue;
            }

            var postedPart = await api.PostMessageAsync(channel, parts[i], Metadata(request.DeliveryKey, i), request.Deadline, cancellationToken, request.Urgent);
            if (!postedPart.Ok)
            {
                // A split message stopped half-way is still a failure: the outbox retries, and the retry finds the
                // parts already there through their metadata.
                var result = SlackErrors.ToSendResult(postedPart, "chat.postMessage") with
                {
                    NothingPosted = !posted && (postedPart.RefusedBySlack || postedPart.RetryAfter is not null),
                };
                return postedPart.RetryAfter is { } wait ? result with { RetryAt = time.GetUtcNow() + wait } : result;
            }

            posted = true;
            firstTs ??= postedPart.Get("ts");
        }

        return SendResult.Sent($"{channel}/{firstTs}");
    }

    /// <summary>The reference of one part of a delivery: a hash of the key, never the key (it names people and channels).</summary>
    internal static string Reference(string deliveryKey, int part) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{deliveryKey}#{part}")))[..24];

    private static JsonObject Metadata(string deliveryKey, int part) => new()
    {
        ["event_type"] = MetadataEventType,
        ["event_payload"] = new JsonObject { ["ref"] = Reference(deliveryKey, part) },
    };

    private async Task<(Dictionary<int, string> Found, SendResult? Failure)> FindPostedAsync(string channel, string deliveryKey, int parts, DateTimeOffset since, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        var found = new Dictionary<int, string>();
        var wanted = Enumerable.Range(0, parts).ToDictionary(p => Reference(deliveryKey, p), p => p, StringComparer.Ordinal);
        string? cursor = null;
        for (var page = 0; page < LookupPages && found.Count < parts; page++)
        {
            var history = await api.HistoryAsync(channel, since - LookupMargin, cursor, deadline, cancellationToken);
            if (!history.Ok || history.Body?["messages"] is not JsonArray messages)
            {
                // Never post blind: without the history we cannot tell whether the earlier attempt went out.
                var failure = SendResult.Transient($"could not check the channel for an earlier, unconfirmed attempt: {history.Describe("conversations.history")}");
                return (found, history.RetryAfter is { } wait ? failure with { RetryAt = time.GetUtcNow() + wait } : failure);
            }

            foreach (var m in messages)
            {
                if (m?["metadata"] is JsonObject metadata
                    && metadata["event_type"]?.GetValue<string>() == MetadataEventType
                    && metadata["event_payload"]?["ref"] is JsonValue r && r.TryGetValue<string>(out var reference)
                    && wanted.TryGetValue(reference, out var part)
                    && m["ts"] is JsonValue ts && ts.TryGetValue<string>(out var stamp))
                {
                    found.TryAdd(part, stamp);
                }
            }

            cursor = history.Body?["response_metadata"]?["next_cursor"] is JsonValue c && c.TryGetValue<string>(out var next) && next.Length > 0 ? next : null;
            if (cursor is null)
            {
                break;
            }
        }

        return (found, null);
    }
}

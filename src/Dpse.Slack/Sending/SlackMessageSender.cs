using System.Collections.Concurrent;
using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Sending;
using Dpse.Slack.Rendering;
using Dpse.Slack.WebApi;

namespace Dpse.Slack.Sending;

/// <summary>
/// Posts digests and reminders to Slack: channel posts with <c>chat.postMessage</c>, direct messages through the
/// DM channel <c>conversations.open</c> returns (remembered). A long message goes out as several posts, split between
/// entries. Paced by the API client; failures come back as Permanent (the target is gone or forbids us) or Transient.
/// </summary>
public sealed class SlackMessageSender(SlackApiClient api) : IMessageSender
{
    private readonly ConcurrentDictionary<string, string> _directChannels = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Platform => Platforms.Slack;

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(DeliveryTarget target, Message message, string deliveryKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
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
                    dm = opened.Body?["channel"]?["id"] is System.Text.Json.Nodes.JsonValue id && id.TryGetValue<string>(out var text) ? text : null;
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

        string? firstTs = null;
        foreach (var part in BlockKitRenderer.Render(message))
        {
            var posted = await api.PostMessageAsync(channel, part, cancellationToken);
            if (!posted.Ok)
            {
                // A split message stopped half-way is still a failure: the outbox retries the whole delivery.
                return SlackErrors.ToSendResult(posted, "chat.postMessage");
            }

            firstTs ??= posted.Get("ts");
        }

        return SendResult.Sent($"{channel}/{firstTs}");
    }
}

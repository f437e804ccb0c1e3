using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Sending;
using Dpse.Discord.Rendering;

namespace Dpse.Discord.Rest;

/// <summary>
/// Posts digests and reminders to Discord channels and direct messages. Each part carries a nonce derived from the
/// delivery key with <c>enforce_nonce</c>, so a retried post is not duplicated by Discord.
/// </summary>
internal sealed class DiscordMessageSender(DiscordRestClient rest) : IMessageSender
{
    // Discord JSON codes that will not change by retrying: unknown channel/user, missing access or permissions,
    // cannot message this user.
    private static readonly HashSet<int> PermanentCodes = [10003, 10013, 50001, 50007, 50013];

    private readonly ConcurrentDictionary<string, string> _dmChannels = new(StringComparer.Ordinal);

    public string Platform => Platforms.Discord;

    public async Task<SendResult> SendAsync(DeliveryTarget target, Message message, string deliveryKey, CancellationToken cancellationToken)
    {
        string channelId;
        switch (target)
        {
            case ChannelTarget channel:
                channelId = channel.Channel.ChannelId;
                break;
            case DirectTarget direct:
                if (!_dmChannels.TryGetValue(direct.Person.UserId, out var dm))
                {
                    var opened = await rest.SendAsync(DiscordRoute.CreateDm(), new JsonObject { ["recipient_id"] = direct.Person.UserId }, cancellationToken);
                    if (!opened.IsSuccess || opened.Body?["id"]?.GetValue<string>() is not { } id)
                    {
                        return Classify(opened);
                    }

                    dm = _dmChannels.GetOrAdd(direct.Person.UserId, id);
                }

                channelId = dm;
                break;
            default:
                return SendResult.Permanent("not a Discord target");
        }

        if (!DiscordOptionsValidator.IsSnowflake(channelId))
        {
            return SendResult.Permanent($"'{channelId}' is not a Discord channel id");
        }

        var bodies = DiscordRenderer.Render(message);
        string? firstId = null;
        for (var i = 0; i < bodies.Count; i++)
        {
            var body = bodies[i];
            body["nonce"] = Nonce(deliveryKey, i);
            body["enforce_nonce"] = true;
            var response = await rest.SendAsync(DiscordRoute.CreateMessage(channelId), body, cancellationToken);
            if (!response.IsSuccess)
            {
                return Classify(response);
            }

            firstId ??= response.Body?["id"]?.GetValue<string>() ?? "";
        }

        return SendResult.Sent(firstId ?? "");
    }

    /// <summary>A nonce of at most 25 characters, stable for a delivery key and part.</summary>
    internal static string Nonce(string deliveryKey, int part)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{deliveryKey}#{part}"));
        return Convert.ToHexStringLower(hash)[..DiscordLimits.Nonce];
    }

    internal static SendResult Classify(DiscordResponse response)
    {
        if (response.IsSuccess)
        {
            return SendResult.Sent("");
        }

        var description = response.Describe();
        if (response.Code is { } code && PermanentCodes.Contains(code))
        {
            return SendResult.Permanent(description);
        }

        return response.Status is 403 or 404 || !response.IsTransient
            ? SendResult.Permanent(description)
            : SendResult.Transient(description);
    }
}

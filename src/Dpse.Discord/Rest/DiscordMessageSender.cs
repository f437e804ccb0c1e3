using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dpse.Core.Identity;
using Dpse.Core.Sending;
using Dpse.Discord.Rendering;

namespace Dpse.Discord.Rest;

/// <summary>
/// Posts digests and reminders to Discord channels and direct messages. Each part carries a nonce derived from the
/// delivery key with <c>enforce_nonce</c> and a footer reference (see <see cref="DeliveryReference"/>). Discord
/// de-duplicates a nonce only for a few minutes, so a resend after an unconfirmed attempt older than
/// <see cref="NonceWindow"/> first lists the channel's messages since that attempt and skips the parts already there.
/// Waits longer than the request's deadline come back as a transient result with Discord's retry time.
/// </summary>
internal sealed class DiscordMessageSender(DiscordRestClient rest, TimeProvider? time = null) : IMessageSender
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>
    /// How long after an attempt we trust <c>enforce_nonce</c> to catch a resend. Discord documents "the past few
    /// minutes"; we assume less, and look the message up beyond it.
    /// </summary>
    public static readonly TimeSpan NonceWindow = TimeSpan.FromMinutes(2);

    /// <summary>Messages looked through when reconciling: this many pages of 100 since the unconfirmed attempt.</summary>
    public const int LookupPages = 10;

    // Room for clock skew between us and Discord when turning the attempt's time into a snowflake.
    private static readonly TimeSpan LookupMargin = TimeSpan.FromMinutes(1);

    // Discord JSON codes that will not change by retrying: unknown channel/user, missing access or permissions,
    // cannot message this user.
    private static readonly HashSet<int> PermanentCodes = [10003, 10013, 50001, 50007, 50013];

    private readonly ConcurrentDictionary<string, string> _dmChannels = new(StringComparer.Ordinal);

    public string Platform => Platforms.Discord;

    public async Task<SendResult> SendAsync(SendRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (target, deliveryKey, deadline) = (request.Target, request.DeliveryKey, request.Deadline);
        string channelId;
        switch (target)
        {
            case ChannelTarget channel:
                channelId = channel.Channel.ChannelId;
                break;
            case DirectTarget direct:
                if (!_dmChannels.TryGetValue(direct.Person.UserId, out var dm))
                {
                    var opened = await rest.SendAsync(DiscordRoute.CreateDm(), new JsonObject { ["recipient_id"] = direct.Person.UserId }, deadline, cancellationToken, urgent: request.Urgent);
                    if (!opened.IsSuccess || opened.Body?["id"]?.GetValue<string>() is not { } id)
                    {
                        return Classify(opened, nothingPosted: true);
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

        var bodies = DiscordRenderer.Render(request.Message);
        var found = new Dictionary<int, string>();
        if (request.UnconfirmedSince is { } since && _time.GetUtcNow() - since >= NonceWindow)
        {
            var (lookup, failure) = await FindPostedAsync(channelId, deliveryKey, bodies.Count, since, deadline, request.Urgent, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }

            found = lookup;
        }

        string? firstId = null;
        var posted = false;
        for (var i = 0; i < bodies.Count; i++)
        {
            if (found.TryGetValue(i, out var existing))
            {
                firstId ??= existing;
                continue;
            }

            var body = bodies[i];
            DeliveryReference.Stamp(body, deliveryKey, i);
            // A 5xx goes back to the outbox at once: it retries later and, past the nonce window, looks for the post first.
            var response = await rest.SendAsync(DiscordRoute.CreateMessage(channelId), body, deadline, cancellationToken, urgent: request.Urgent, retryServerErrors: false);
            if (!response.IsSuccess)
            {
                // Earlier parts of this attempt went out: the next attempt must find them, not post them again.
                return Classify(response, nothingPosted: !posted && response.Status is 429 or (>= 400 and < 500));
            }

            posted = true;
            firstId ??= response.Body?["id"]?.GetValue<string>() ?? "";
        }

        return SendResult.Sent(firstId ?? "");
    }

    /// <summary>A nonce of at most 25 characters, stable for a delivery key and part.</summary>
    internal static string Nonce(string deliveryKey, int part) => DeliveryReference.Nonce(deliveryKey, part);

    private SendResult Classify(DiscordResponse response, bool nothingPosted) => Classify(response, nothingPosted, _time.GetUtcNow());

    private static SendResult Classify(DiscordResponse response, bool nothingPosted, DateTimeOffset now)
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

        if (response.Status is 403 or 404 || !response.IsTransient)
        {
            return SendResult.Permanent(description);
        }

        return response.RetryAfter is { } wait
            ? SendResult.Deferred(description, now + wait, nothingPosted)
            : SendResult.Transient(description) with { NothingPosted = nothingPosted };
    }

    // Looks through the channel's messages since the unconfirmed attempt for the parts it may have posted.
    private async Task<(Dictionary<int, string> Found, SendResult? Failure)> FindPostedAsync(string channelId, string deliveryKey, int parts, DateTimeOffset since, DateTimeOffset? deadline, bool urgent, CancellationToken cancellationToken)
    {
        var found = new Dictionary<int, string>();
        var after = DeliveryReference.SnowflakeAt(since - LookupMargin);
        for (var page = 0; page < LookupPages && found.Count < parts; page++)
        {
            var response = await rest.SendAsync(DiscordRoute.ListMessages(channelId, after, 100), null, deadline, cancellationToken, urgent: urgent);
            if (!response.IsSuccess || response.Body is not JsonArray messages)
            {
                // Never post blind: without the history we cannot tell whether the earlier attempt went out.
                var why = response.Status is 403 ? "grant the bot Read Message History in this channel" : response.Describe();
                var failure = SendResult.Transient($"could not check the channel for an earlier, unconfirmed attempt ({why})");
                return (found, response.RetryAfter is { } wait ? failure with { RetryAt = _time.GetUtcNow() + wait } : failure);
            }

            foreach (var message in messages)
            {
                for (var part = 0; part < parts; part++)
                {
                    if (!found.ContainsKey(part) && DeliveryReference.IsOn(message, deliveryKey, part) && message?["id"]?.GetValue<string>() is { } id)
                    {
                        found[part] = id;
                    }
                }
            }

            if (messages.Count < 100)
            {
                break;
            }

            after = messages.Select(m => ulong.Parse(m?["id"]?.GetValue<string>() ?? "0", System.Globalization.CultureInfo.InvariantCulture)).Max().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return (found, null);
    }
}

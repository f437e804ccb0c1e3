using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dpse.Discord.Rendering;

namespace Dpse.Discord.Rest;

/// <summary>
/// Where a delivery's key rides on Discord so an unconfirmed send can be found again: the nonce (with
/// <c>enforce_nonce</c>, which Discord honours only for a few minutes and does not return when messages are listed) and
/// a short reference in the last embed's footer (<c>ref 1a2b3c4d5e6f</c>), which every fetched message keeps. Both are
/// derived from the delivery key and the part number, never the key itself.
/// </summary>
internal static class DeliveryReference
{
    /// <summary>Discord's epoch in Unix milliseconds (snowflakes count from it).</summary>
    public const long DiscordEpochMs = 1420070400000;

    private const string Prefix = "ref ";
    private const string Separator = " · ";
    private const int Length = 12;

    /// <summary>A nonce of at most 25 characters, stable for a delivery key and part.</summary>
    public static string Nonce(string deliveryKey, int part)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{deliveryKey}#{part}"));
        return Convert.ToHexStringLower(hash)[..DiscordLimits.Nonce];
    }

    /// <summary>The footer reference of one part.</summary>
    public static string Of(string deliveryKey, int part) => Nonce(deliveryKey, part)[..Length];

    /// <summary>Sets the nonce and adds the footer reference to a rendered message body, within Discord's limits.</summary>
    public static void Stamp(JsonObject body, string deliveryKey, int part)
    {
        body["nonce"] = Nonce(deliveryKey, part);
        body["enforce_nonce"] = true;
        var reference = Prefix + Of(deliveryKey, part);
        if (body["embeds"] is not JsonArray { Count: > 0 } embeds)
        {
            embeds = body["embeds"] as JsonArray ?? [];
            body["embeds"] = embeds;
            embeds.Add(new JsonObject { ["footer"] = new JsonObject { ["text"] = reference } });
            return;
        }

        var last = (JsonObject)embeds[^1]!;
        var footer = last["footer"] as JsonObject;
        var existing = footer?["text"]?.GetValue<string>();
        var text = string.IsNullOrEmpty(existing) ? reference : existing + Separator + reference;
        var overflow = Math.Max(text.Length - DiscordLimits.EmbedFooter, Total(embeds) - (existing?.Length ?? 0) + text.Length - DiscordLimits.EmbedTotal);
        if (overflow > 0 && existing is not null)
        {
            // Shorten what was there, never the reference.
            var keep = Math.Max(0, existing.Length - overflow - 1);
            text = existing[..keep] + "…" + Separator + reference;
        }

        if (footer is null)
        {
            last["footer"] = new JsonObject { ["text"] = text };
        }
        else
        {
            footer["text"] = text;
        }
    }

    /// <summary>Whether a fetched message is one the bot posted for this part of a delivery.</summary>
    public static bool IsOn(JsonNode? message, string deliveryKey, int part)
    {
        if (message?["author"]?["bot"] is not JsonValue bot || !bot.TryGetValue<bool>(out var isBot) || !isBot)
        {
            return false;
        }

        var reference = Prefix + Of(deliveryKey, part);
        return message["embeds"] is JsonArray embeds
            && embeds.Any(e => e?["footer"]?["text"] is JsonValue t && t.TryGetValue<string>(out var text) && text.EndsWith(reference, StringComparison.Ordinal));
    }

    /// <summary>The smallest snowflake at or after an instant (for <c>?after=</c>).</summary>
    public static string SnowflakeAt(DateTimeOffset at) =>
        ((ulong)Math.Max(0, at.ToUnixTimeMilliseconds() - DiscordEpochMs) << 22).ToString(CultureInfo.InvariantCulture);

    private static int Total(JsonArray embeds) => embeds.Sum(e =>
        Len(e?["title"]) + Len(e?["description"]) + Len(e?["footer"]?["text"]) + Len(e?["author"]?["name"])
        + (e?["fields"] as JsonArray ?? []).Sum(f => Len(f?["name"]) + Len(f?["value"])));

    private static int Len(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s.Length : 0;
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace Dpse.Testing.Discord;

/// <summary>A message the fake created: its snowflake, channel, nonce, the body it was created from and when.</summary>
public sealed record StoredMessage(string Id, string ChannelId, string? Nonce, JsonObject Body, DateTimeOffset At)
{
    public JsonObject ToJson(bool withNonce)
    {
        var json = new JsonObject
        {
            ["id"] = Id,
            ["channel_id"] = ChannelId,
            ["type"] = 0,
            ["content"] = Body["content"]?.DeepClone() ?? "",
            ["author"] = new JsonObject { ["id"] = FakeDiscord.ApplicationId, ["username"] = "Dpse", ["bot"] = true },
            ["embeds"] = Body["embeds"]?.DeepClone() ?? new JsonArray(),
            ["components"] = Body["components"]?.DeepClone() ?? new JsonArray(),
            ["timestamp"] = At.ToString("O", CultureInfo.InvariantCulture),
        };
        if (withNonce && Nonce is not null)
        {
            json["nonce"] = Nonce;
        }

        return json;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dpse.Testing.Discord;

/// <summary>Interaction payloads shaped like Discord's (own small copies; the real samples are used where ../shared exists).</summary>
public static class InteractionFixtures
{
    public const string GuildId = "290926798626357999";
    public const string ChannelId = "645027906669510667";
    public const string UserId = "53908232506183680";
    public const string ModeratorRole = "539082325061836999";

    private static JsonObject Base(int type, string id, string[] roles) => new()
    {
        ["id"] = id,
        ["application_id"] = FakeDiscord.ApplicationId,
        ["type"] = type,
        ["token"] = "A_UNIQUE_TOKEN_" + id,
        ["version"] = 1,
        ["guild_id"] = GuildId,
        ["channel_id"] = ChannelId,
        ["member"] = new JsonObject
        {
            ["user"] = new JsonObject { ["id"] = UserId, ["username"] = "mason", ["global_name"] = "Mason" },
            ["roles"] = new JsonArray([.. roles.Select(r => (JsonNode)r)]),
            ["nick"] = null,
            ["permissions"] = "2147483647",
        },
    };

    /// <summary>A /dpse command: <paramref name="path"/> like "story show" and options as name/value pairs.</summary>
    public static JsonObject Command(string path, IEnumerable<(string Name, object Value)>? options = null, string id = "786008729715212338", string[]? roles = null, int type = 2, string? focused = null)
    {
        var words = path.Split(' ');
        var leaves = new JsonArray();
        foreach (var (name, value) in options ?? [])
        {
            var option = new JsonObject { ["name"] = name, ["type"] = value is long or int ? 4 : 3, ["value"] = JsonValue.Create(value) };
            if (name == focused)
            {
                option["focused"] = true;
            }

            leaves.Add(option);
        }

        JsonObject sub = new() { ["type"] = 1, ["name"] = words[^1], ["options"] = leaves };
        var top = words.Length == 2 ? new JsonObject { ["type"] = 2, ["name"] = words[0], ["options"] = new JsonArray(sub) } : sub;
        var interaction = Base(type, id, roles ?? []);
        interaction["data"] = new JsonObject { ["id"] = "771825006014889984", ["name"] = "dpse", ["type"] = 1, ["options"] = new JsonArray(top) };
        return interaction;
    }

    public static JsonObject Button(string customId, string id = "846462639134605312")
    {
        var interaction = Base(3, id, []);
        interaction["data"] = new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 };
        interaction["message"] = new JsonObject { ["id"] = "844397162624450620", ["channel_id"] = ChannelId };
        return interaction;
    }

    /// <summary>A modal submission in the current shape (Label 18 → component) or the older one (Action Row 1 → components).</summary>
    public static JsonObject ModalSubmit(string customId, IEnumerable<(string Name, string Value)> fields, bool labelShape, string id = "847587388497854464")
    {
        var interaction = Base(5, id, []);
        var components = new JsonArray();
        foreach (var (name, value) in fields)
        {
            var input = new JsonObject { ["type"] = 4, ["custom_id"] = name, ["value"] = value };
            components.Add(labelShape
                ? new JsonObject { ["type"] = 18, ["id"] = 1, ["component"] = input }
                : new JsonObject { ["type"] = 1, ["components"] = new JsonArray(input) });
        }

        interaction["data"] = new JsonObject { ["custom_id"] = customId, ["components"] = components };
        return interaction;
    }

    public static JsonElement Element(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
}

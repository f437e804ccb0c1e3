using System.Text.Json.Nodes;

namespace Dpse.Testing.Discord;

/// <summary>Gateway frames: the real captures from ../shared when present, else small own copies of the documented shapes.</summary>
public static class GatewayFixtures
{
    public static string Hello => SharedData.Exists
        ? SharedData.Read("gateway/captured/hello.discord4j.json")
        : """{"t":null,"s":null,"op":10,"d":{"heartbeat_interval":41250}}""";

    public static TimeSpan HelloInterval => TimeSpan.FromMilliseconds(41250);

    public static string Ready(string resumeUrl, long sequence = 1)
    {
        var ready = SharedData.Exists
            ? JsonNode.Parse(SharedData.Read("gateway/captured/ready.discord4j.json"))!.AsObject()
            : JsonNode.Parse("""{"t":"READY","s":1,"op":0,"d":{"v":10,"user":{"id":"344487830824943618","username":"dpse","bot":true},"guilds":[],"session_id":"c5adc7ce7f411cde10440df5f888dc22","resume_gateway_url":"wss://gateway.discord.gg/","application":{"id":"344487830824943618","flags":0}}}""")!.AsObject();
        ready["s"] = sequence;
        ready["d"]!["resume_gateway_url"] = resumeUrl;
        return ready.ToJsonString();
    }

    public const string SessionId = "c5adc7ce7f411cde10440df5f888dc22";

    public static string Dispatch(string type, JsonNode data, long sequence) =>
        new JsonObject { ["t"] = type, ["s"] = sequence, ["op"] = 0, ["d"] = data }.ToJsonString();

    public static string InvalidSession(bool resumable) => SharedData.Exists && !resumable
        ? SharedData.Read("gateway/invalid-session.docs.json")
        : $$"""{"op":9,"d":{{(resumable ? "true" : "false")}}}""";

    public static string Reconnect => SharedData.Exists ? SharedData.Read("gateway/reconnect.docs.json") : """{"op":7,"d":null}""";
}

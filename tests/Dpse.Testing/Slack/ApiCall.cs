using System.Text.Json.Nodes;

namespace Dpse.Testing.Slack;

/// <summary>One Web API call the fake received: the body as JSON whatever its encoding, and the fake clock's time.</summary>
public sealed record ApiCall(string Method, string? Authorization, string ContentType, JsonObject Body, DateTimeOffset At, int Sequence)
{
    public string Str(string name) => Body[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}

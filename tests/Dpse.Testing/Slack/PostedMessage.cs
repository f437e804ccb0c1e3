using System.Text.Json.Nodes;

namespace Dpse.Testing.Slack;

/// <summary>A message the fake's chat.postMessage created: channel, ts, the posted body (metadata included) and when.</summary>
public sealed record PostedMessage(string Channel, string Ts, JsonObject Body, DateTimeOffset At);

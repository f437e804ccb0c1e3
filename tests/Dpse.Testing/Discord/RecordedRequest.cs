using System.Text.Json.Nodes;

namespace Dpse.Testing.Discord;

/// <summary>One REST request as the fake received it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Body, string Authorization, string UserAgent, string ContentType)
{
    public int Status { get; set; }

    public IReadOnlyList<RecordedFile> Files { get; init; } = [];

    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    /// <summary>The fake clock's time when the request arrived.</summary>
    public DateTimeOffset At { get; init; }

    public JsonNode Json => JsonNode.Parse(Body)!;
}

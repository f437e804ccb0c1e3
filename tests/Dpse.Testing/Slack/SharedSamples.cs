using System.Text.Json.Nodes;

namespace Dpse.Testing.Slack;

/// <summary>The team's shared platform folder (../shared beside the repository), when it exists.</summary>
public static class SharedSamples
{
    public const string SkipReason = "../shared/platform/slack is absent (the team's shared folder beside the repository); the core cases run on own fixtures.";

    public static string SlackDir { get; } = Find();

    public static bool Absent => !Directory.Exists(SlackDir);

    public static JsonObject Load(string relativePath) => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(SlackDir, relativePath)))!;

    private static string Find() => SharedPlatform.Folder("slack") ?? Path.Combine(AppContext.BaseDirectory, "no-shared");
}

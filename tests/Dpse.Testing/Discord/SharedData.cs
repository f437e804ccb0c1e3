namespace Dpse.Testing.Discord;

/// <summary>The team's shared platform data (<c>../shared</c> next to the repository), when present.</summary>
public static class SharedData
{
    public const string MissingReason = "../shared/platform/discord is not present next to the repository (real Discord payloads and the OpenAPI description live there)";

    public static string? Directory { get; } = Locate();

    public static bool Exists => Directory is not null;

    public static string Path(string relative) => System.IO.Path.Combine(Directory ?? "", relative);

    public static string Read(string relative) => File.ReadAllText(Path(relative));

    private static string? Locate() => SharedPlatform.Folder("discord") is { } shared && System.IO.Directory.Exists(shared) ? shared : null;
}

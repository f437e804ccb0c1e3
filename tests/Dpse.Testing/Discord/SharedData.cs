namespace Dpse.Testing.Discord;

/// <summary>The team's shared platform data (<c>../shared</c> next to the repository), when present.</summary>
public static class SharedData
{
    public const string MissingReason = "../shared/platform/discord is not present next to the repository (real Discord payloads and the OpenAPI description live there)";

    public static string? Directory { get; } = Locate();

    public static bool Exists => Directory is not null;

    public static string Path(string relative) => System.IO.Path.Combine(Directory ?? "", relative);

    public static string Read(string relative) => File.ReadAllText(Path(relative));

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Dpse.Bot.sln")))
            {
                var shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "platform", "discord"));
                if (System.IO.Directory.Exists(shared))
                {
                    return shared;
                }

                // Worktrees live next to the main checkout: /work/wt-x/../shared.
                return null;
            }
        }

        return null;
    }
}

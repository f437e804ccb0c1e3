namespace Dpse.Testing;

/// <summary>
/// The team's shared platform data: <c>../shared/platform</c> beside the repository (a worktree's too:
/// <c>/work/wt-x/../shared</c>), found from the test's output folder. Tests that read it skip, saying why, without it.
/// </summary>
public static class SharedPlatform
{
    /// <summary>
    /// <c>../shared/platform/{platform}</c> beside the repository holding the running tests (whether or not it exists),
    /// or null when no repository (<c>Dpse.Bot.sln</c>) is found above the output folder.
    /// </summary>
    public static string? Folder(string platform)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dpse.Bot.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "platform", platform));
            }
        }

        return null;
    }
}

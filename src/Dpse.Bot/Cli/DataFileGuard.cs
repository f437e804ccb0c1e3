namespace Dpse.Bot.Cli;

/// <summary>
/// Knows the live data file and its LiteDB log (<c>&lt;name&gt;-log.db</c>) and tells whether a path a person typed is
/// one of them, after resolving <c>..</c> and symbolic links anywhere in either path, so no verb can write over them.
/// </summary>
public sealed class DataFileGuard(string dataPath)
{
    /// <summary>True when <paramref name="path"/> is (or links to) the data file or its log.</summary>
    public bool IsProtected(string path)
    {
        var target = RealPath(path);
        return Protected().Any(p => string.Equals(p, target, OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase));
    }

    private IEnumerable<string> Protected()
    {
        // LiteDB puts the log beside the path it was given; a symlinked data file also has one beside its target.
        foreach (var data in new[] { Path.GetFullPath(dataPath), RealPath(dataPath) }.Distinct())
        {
            yield return RealPath(data);
            yield return RealPath(LogPathOf(data));
        }
    }

    /// <summary>LiteDB's log file name for a data file: <c>dpse.db</c> → <c>dpse-log.db</c>.</summary>
    public static string LogPathOf(string data) =>
        Path.Combine(Path.GetDirectoryName(data) ?? "", Path.GetFileNameWithoutExtension(data) + "-log" + Path.GetExtension(data));

    /// <summary>The absolute path with every symbolic link along it resolved (like realpath; missing parts kept as typed).</summary>
    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            for (var hops = 0; hops < 40; hops++)
            {
                FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
                if (info.LinkTarget is not { } link)
                {
                    break;
                }

                next = Path.GetFullPath(Path.IsPathRooted(link) ? link : Path.Combine(current, link));
                next = RealPathOfParent(next);
            }

            current = next;
        }

        return current;
    }

    // A link target may itself pass through links in its folders.
    private static string RealPathOfParent(string path)
    {
        var parent = Path.GetDirectoryName(path);
        return parent is null || parent == path ? path : Path.Combine(RealPath(parent), Path.GetFileName(path));
    }
}

namespace Dpse.Bot.Cli;

/// <summary>A file-system problem as one line saying what to do, with the process exit code it maps to.</summary>
public sealed record FileProblem(string Message, int ExitCode)
{
    /// <summary>Exit code when the command line asked for something impossible (a folder, the data file).</summary>
    public const int UsageExitCode = 2;

    /// <summary>Exit code for disk and file-system errors (missing folder, no permission, disk full).</summary>
    public const int IoExitCode = 5;

    // errno values as .NET reports them in IOException.HResult on Linux and macOS, and the Windows equivalents.
    private const int DiskFullUnix = 28;
    private const int DiskFullWindows = 0x70;
    private const int HandleDiskFullWindows = 0x27;
    private const int ReadOnlyFileSystemUnix = 30;

    /// <summary>A usage problem (exit code 2).</summary>
    public static FileProblem Usage(string message) => new(message, UsageExitCode);

    /// <summary>A disk or file-system problem (exit code 5).</summary>
    public static FileProblem Io(string message) => new(message, IoExitCode);

    /// <summary>The problem an exception stands for while writing <paramref name="path"/>, or null when it is not a file-system error.</summary>
    public static FileProblem? From(Exception exception, string path) => exception switch
    {
        UnauthorizedAccessException => Io($"Cannot write {path}: permission denied. Choose a folder you can write to."),
        DirectoryNotFoundException => Io($"The folder of {path} does not exist: create it first or choose another path."),
        PathTooLongException => Usage($"{path} is too long a path."),
        IOException io when IsDiskFull(io) => Io($"The disk is full while writing {path}: free some space or choose another disk. Nothing was written."),
        IOException io when (io.HResult & 0xFFFF) == ReadOnlyFileSystemUnix => Io($"Cannot write {path}: the file system is read-only. Choose another place."),
        IOException io => Io($"Cannot write {path}: {io.Message.TrimEnd('.')}. Nothing was written."),
        _ => null,
    };

    private static bool IsDiskFull(IOException exception)
    {
        var code = exception.HResult & 0xFFFF;
        return code is DiskFullUnix or DiskFullWindows or HandleDiskFullWindows;
    }
}

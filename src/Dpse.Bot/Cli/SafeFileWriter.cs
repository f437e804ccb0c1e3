namespace Dpse.Bot.Cli;

/// <summary>
/// Writes export files so that a failure never leaves a truncated or replaced file: the content goes to a temporary
/// file beside the target, which is renamed over the target only once it is complete. Every file-system error becomes
/// one line saying what to do (<see cref="FileProblem"/>), never an exception.
/// </summary>
public static class SafeFileWriter
{
    /// <summary>
    /// Writes <paramref name="write"/>'s output to <paramref name="target"/>. With <paramref name="createNew"/> an existing
    /// file is never replaced: the name gets <c>-2</c>, <c>-3</c>, … instead. Returns the full path written, or the problem.
    /// </summary>
    public static async Task<(string? Path, FileProblem? Problem)> WriteAsync(
        string target, Func<Stream, CancellationToken, Task> write, bool createNew, CancellationToken cancellationToken)
    {
        string full;
        try
        {
            full = Path.GetFullPath(target);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return (null, FileProblem.Usage($"'{target}' is not a usable file path."));
        }

        if (Directory.Exists(full))
        {
            return (null, FileProblem.Usage($"{full} is a folder: give a file name, e.g. {Path.Combine(full, "dpse-export.json")}."));
        }

        var folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
        {
            return (null, FileProblem.Io($"The folder {folder ?? full} does not exist: create it first or choose another path."));
        }

        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                BufferSize = 64 * 1024,
            }))
            {
                await write(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }

            return (Publish(temp, full, createNew), null);
        }
        catch (Exception exception) when (FileProblem.From(exception, full) is { } problem)
        {
            TryDelete(temp);
            return (null, problem);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Moves the finished temporary file into place; with create-new, to the first free name.</summary>
    private static string Publish(string temp, string full, bool createNew)
    {
        if (!createNew)
        {
            File.Move(temp, full, overwrite: true);
            return full;
        }

        var folder = Path.GetDirectoryName(full)!;
        var stem = Path.GetFileNameWithoutExtension(full);
        var extension = Path.GetExtension(full);
        for (var attempt = 1; ; attempt++)
        {
            var candidate = attempt == 1 ? full : Path.Combine(folder, $"{stem}-{attempt}{extension}");
            if (TryClaim(temp, candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>Moves <paramref name="temp"/> to <paramref name="candidate"/> only if nothing has that name.</summary>
    private static bool TryClaim(string temp, string candidate)
    {
        try
        {
            // Reserve the name atomically (create-new), then replace the empty reservation with the finished file.
            using (new FileStream(candidate, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
            }
        }
        catch (IOException) when (File.Exists(candidate))
        {
            return false;
        }

        File.Move(temp, candidate, overwrite: true);
        return true;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the temporary name starts with a dot and ends in .tmp.
        }
    }
}

using Dpse.Bot.Cli;
using Dpse.Core.Messages;

namespace Dpse.Bot.Shell;

/// <summary>Where the shell saves files that commands produce (exports): an <c>exports</c> folder beside the data file.</summary>
public sealed class ExportFolder(string folder)
{
    /// <summary>
    /// Streams the attachment to a new file and returns its full path, or the problem as one line. The file name comes
    /// from the core, never from user text; an existing file is never replaced (the name gets -2, -3, …), and a failed
    /// write leaves nothing behind.
    /// </summary>
    public async Task<(string? Path, FileProblem? Problem)> SaveAsync(Attachment attachment, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception exception) when (FileProblem.From(exception, folder) is { } problem)
        {
            return (null, problem);
        }

        var path = Path.Combine(folder, Path.GetFileName(attachment.FileName));
        return await SafeFileWriter.WriteAsync(path, attachment.WriteToAsync, createNew: true, cancellationToken);
    }
}

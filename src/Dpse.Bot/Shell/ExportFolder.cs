using Dpse.Core.Messages;

namespace Dpse.Bot.Shell;

/// <summary>Where the shell saves files that commands produce (exports): an <c>exports</c> folder beside the data file.</summary>
public sealed class ExportFolder(string folder)
{
    /// <summary>Writes the attachment and returns its full path. The file name comes from the core, never from user text.</summary>
    public string Save(Attachment attachment)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, Path.GetFileName(attachment.FileName));
        File.WriteAllText(path, attachment.Content);
        return Path.GetFullPath(path);
    }
}

using System.Text;

namespace Dpse.Storage.LiteDb;

/// <summary>
/// Refuses, before LiteDB touches it, a data path that holds something other than a LiteDB 5 data file: LiteDB
/// would write its header over a small text file, or fail half-way through a JSON file and leave it truncated.
/// Only a missing file (created new) or a file that starts with LiteDB 5's header page is opened; whether a LiteDB
/// file is this application's is checked once it is open (see <see cref="Schema"/>).
/// </summary>
internal static class DataFileGuard
{
    /// <summary>LiteDB 5's page size: the smallest data file is its header page.</summary>
    public const int PageSize = 8192;

    private const int SignatureOffset = 32;
    private const int FileVersionOffset = 59;
    private const byte FileVersion = 8;
    private static readonly byte[] Signature = Encoding.ASCII.GetBytes("** This is a LiteDB file **");

    /// <summary>Throws <see cref="DatabaseRefusedException"/> unless <paramref name="dataPath"/> is absent or a LiteDB 5 file.</summary>
    public static void ThrowIfNotADataFile(string dataPath)
    {
        var info = new FileInfo(dataPath);
        if (!info.Exists)
        {
            return;
        }

        // Length first: a device (/dev/null, /dev/zero) or a pipe reports 0 and must never be read or written.
        if (info.Length < PageSize)
        {
            throw Refused(dataPath, info.Length == 0
                ? "is empty (0 bytes), so it is not a Dpse.Bot data file (a file left by an interrupted first start, or not a file at all). If it is a file you do not need, delete it and start again"
                : $"is not a Dpse.Bot data file ({info.Length} bytes; a LiteDB data file is at least {PageSize})");
        }

        var header = new byte[PageSize];
        int read;
        using (var file = new FileStream(dataPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1))
        {
            read = file.ReadAtLeast(header, PageSize, throwOnEndOfStream: false);
        }

        if (read < PageSize || !header.AsSpan(SignatureOffset, Signature.Length).SequenceEqual(Signature))
        {
            throw Refused(dataPath, "is not a Dpse.Bot data file (it does not start with a LiteDB header)");
        }

        if (header[FileVersionOffset] != FileVersion)
        {
            throw Refused(dataPath, $"is a LiteDB file of another version (format {header[FileVersionOffset]}, this build reads {FileVersion})");
        }
    }

    /// <summary>The refusal for a file that is not ours: it names the file, says it was left alone and what to set.</summary>
    public static DatabaseRefusedException Refused(string dataPath, string why) => new(
        dataPath,
        $"{dataPath} {why}; it was left untouched. Set Dpse:Storage:LiteDb:Path (environment variable "
        + "Dpse__Storage__LiteDb__Path) to your Dpse.Bot data file, or to a new file name to start an empty exchange.");
}

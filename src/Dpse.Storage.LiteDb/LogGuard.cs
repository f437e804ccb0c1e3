using System.Text;

namespace Dpse.Storage.LiteDb;

/// <summary>
/// Refuses a write-ahead log that does not belong to the data file. LiteDB replays whatever <c>&lt;name&gt;-log.db</c>
/// it finds into the data file it opens, with no identity check (litedb-org/LiteDB#2785): a log left behind after the
/// data file was deleted, or replaced by another database, would be replayed into the wrong file and break it.
/// <para>
/// The identity used is the creation time LiteDB writes into the header page (page 0) of every data file; each
/// transaction that changes the header appends a copy of that page, creation time included, to the log. The offsets
/// are LiteDB 5's file format (8 KB pages; page id at 0, page type at 4, signature at 32, creation time at 68).
/// A log without a header copy cannot be checked and is allowed.
/// </para>
/// <para>
/// The creation time tells databases apart but not two copies of one database: an older copy of the data file put
/// back beside a newer log (a restore after a crash) would get the log's pages replayed over pages that moved since,
/// and break. So the database also records, in its lock file, the data file's length and last write time after each
/// checkpoint (LiteDB writes the data file only then); a waiting log is replayed only into a data file still in that
/// state.
/// </para>
/// </summary>
internal static class LogGuard
{
    private const int PageSize = 8192;
    private const int PageTypeOffset = 4;
    private const byte HeaderPageType = 1;
    private const int SignatureOffset = 32;
    private const int CreationTimeOffset = 68;
    private static readonly byte[] Signature = Encoding.ASCII.GetBytes("** This is a LiteDB file **");

    /// <summary>LiteDB's log file name for a data file: <c>dpse.db</c> → <c>dpse-log.db</c>.</summary>
    public static string LogPathOf(string dataPath) =>
        Path.Combine(
            Path.GetDirectoryName(dataPath) ?? "",
            Path.GetFileNameWithoutExtension(dataPath) + "-log" + Path.GetExtension(dataPath));

    /// <summary>
    /// Throws if a non-empty log sits beside a missing data file, carries another database's header, or was written
    /// after a checkpoint that left the data file in another state than <paramref name="recorded"/> (null: unknown).
    /// </summary>
    public static void ThrowIfForeignLog(string dataPath, DataFileState? recorded = null)
    {
        var log = LogPathOf(dataPath);
        if (!File.Exists(log) || new FileInfo(log).Length == 0)
        {
            return;
        }

        if (!File.Exists(dataPath))
        {
            throw new DatabaseRefusedException(
                dataPath,
                $"Found the write-ahead log {log} but not its data file {dataPath}. Restore the data file it belongs to, "
                + "or move the log away if the data is meant to start empty; refusing to replay it into a new file.");
        }

        if (recorded is not null && DataFileState.Of(dataPath) is { } current && current != recorded)
        {
            throw new DatabaseRefusedException(
                dataPath,
                $"The write-ahead log {log} was written after {dataPath} was last saved, and {dataPath} has changed since "
                + $"({current.Describe()}, expected {recorded.Describe()}): was an older copy restored? Both files were left untouched. "
                + $"To open the older copy as it is, move {log} away (it holds later changes, which are then lost); "
                + $"if {dataPath} is the file the bot last used, only copied since, delete {dataPath}.lock and start again.");
        }

        if (CreationTime(dataPath, firstPageOnly: true) is not { } expected)
        {
            return;
        }

        if (CreationTime(log, firstPageOnly: false, mismatchWith: expected) is not null)
        {
            throw new DatabaseRefusedException(
                dataPath,
                $"The write-ahead log {log} belongs to a different database than {dataPath} (was the data file replaced "
                + "after a crash?). Put back the data file the log belongs to, or move the log away to open the file as it is; "
                + "refusing to replay it into the wrong file.");
        }
    }

    /// <summary>
    /// The creation time bytes of the first header page (data file), or of the first header copy that differs from
    /// <paramref name="mismatchWith"/> (log); null if there is none.
    /// </summary>
    private static long? CreationTime(string path, bool firstPageOnly, long? mismatchWith = null)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var page = new byte[PageSize];
        while (file.ReadAtLeast(page, PageSize, throwOnEndOfStream: false) == PageSize)
        {
            if (BitConverter.ToUInt32(page, 0) == 0
                && page[PageTypeOffset] == HeaderPageType
                && page.AsSpan(SignatureOffset, Signature.Length).SequenceEqual(Signature))
            {
                var created = BitConverter.ToInt64(page, CreationTimeOffset);
                if (mismatchWith is null || created != mismatchWith)
                {
                    return created;
                }
            }

            if (firstPageOnly)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>What the database records about its data file at a checkpoint: length and last write time (UTC ticks).</summary>
    internal sealed record DataFileState(long Length, long LastWriteTicks)
    {
        private const string Prefix = "dpse-data-file ";

        /// <summary>The current state of <paramref name="dataPath"/>, or null if it does not exist.</summary>
        public static DataFileState? Of(string dataPath)
        {
            var info = new FileInfo(dataPath);
            return info.Exists ? new DataFileState(info.Length, info.LastWriteTimeUtc.Ticks) : null;
        }

        /// <summary>Reads the lock file's text; null when it holds no record (a new lock file, or an older build's).</summary>
        public static DataFileState? Parse(string text)
        {
            var parts = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..].Trim().Split(' ') : [];
            return parts.Length == 2
                && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
                && long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
                ? new DataFileState(length, ticks)
                : null;
        }

        /// <summary>For people: size and time.</summary>
        public string Describe() => string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{Length} bytes, written {new DateTime(LastWriteTicks, DateTimeKind.Utc):yyyy-MM-dd HH:mm:ss.fff} UTC");

        /// <inheritdoc />
        public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Prefix}{Length} {LastWriteTicks}\n");
    }
}

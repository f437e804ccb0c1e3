namespace Dpse.Storage.LiteDb;

/// <summary>
/// Refuses a write-ahead log without its data file. LiteDB replays whatever <c>&lt;name&gt;-log.db</c> it finds into the
/// data file it opens, with no identity check (litedb-org/LiteDB#2785): a log left behind after the data file was
/// deleted or moved would be replayed into a fresh, empty file and produce broken indexes.
/// </summary>
internal static class LogGuard
{
    /// <summary>LiteDB's log file name for a data file: <c>dpse.db</c> → <c>dpse-log.db</c>.</summary>
    public static string LogPathOf(string dataPath) =>
        Path.Combine(
            Path.GetDirectoryName(dataPath) ?? "",
            Path.GetFileNameWithoutExtension(dataPath) + "-log" + Path.GetExtension(dataPath));

    public static void ThrowIfOrphanedLog(string dataPath)
    {
        var log = LogPathOf(dataPath);
        if (!File.Exists(dataPath) && File.Exists(log) && new FileInfo(log).Length > 0)
        {
            throw new IOException(
                $"Found the write-ahead log {log} but not its data file {dataPath}. Restore the data file it belongs to, "
                + "or move the log away if the data is meant to start empty; refusing to replay it into a new file.");
        }
    }
}

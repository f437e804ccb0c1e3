using System.Collections.Concurrent;
using LiteDB;
using Microsoft.Extensions.Options;

namespace Dpse.Storage.LiteDb;

/// <summary>
/// The process's one open LiteDB file and the gate every store goes through.
/// <para>
/// LiteDB 5 is synchronous and binds an explicit transaction to the OS thread (at most 100 open at once), so no
/// transaction may span an <c>await</c>. Every operation therefore waits for the gate first (asynchronously if it
/// likes) and then runs to completion synchronously on one thread: <see cref="Write{T}"/> serialises writers and wraps
/// the work in one transaction (a change and its audit entry commit together); <see cref="Read{T}"/> admits a bounded
/// number of readers, well under LiteDB's limit.
/// </para>
/// <para>
/// Opening takes an exclusive lock on <c>&lt;file&gt;.lock</c> beside the data file: LiteDB's own file sharing does not
/// stop a second process on Linux, and two writers would corrupt the file. Disposing checkpoints the write-ahead log
/// into the data file, so a clean shutdown leaves one self-contained file.
/// </para>
/// </summary>
public sealed class LiteDbDatabase : IDisposable
{
    /// <summary>Readers admitted at once; with the single writer this stays far below LiteDB's 100 open transactions.</summary>
    public const int MaxConcurrentReaders = 32;

    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(30);

    private readonly LiteDatabase _db;
    private readonly FileStream _lock;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly SemaphoreSlim _readers = new(MaxConcurrentReaders, MaxConcurrentReaders);
    private readonly ConcurrentDictionary<Type, Lazy<object>> _state = new();
    private int _disposed;
    private LogGuard.DataFileState? _recordedBase;

    /// <summary>Opens the file named by the options (see <see cref="LiteDbDatabase(string)"/>).</summary>
    public LiteDbDatabase(IOptions<LiteDbOptions> options)
        : this(options.Value.Path)
    {
    }

    /// <summary>
    /// Opens (creating if needed) the data file at <paramref name="path"/>, creating its folder.
    /// Throws <see cref="DatabaseInUseException"/> if another process (or another instance here) has it open.
    /// </summary>
    public LiteDbDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(FilePath);

        // Nothing below writes to the data file or its log until both are known to be this application's.
        OnFileSystem("read the data file", () => DataFileGuard.ThrowIfNotADataFile(FilePath));
        if (!string.IsNullOrEmpty(folder))
        {
            OnFileSystem("create the folder " + folder, () => Directory.CreateDirectory(folder));
        }

        _lock = TakeLock(FilePath);
        try
        {
            OnFileSystem("read the data file", () =>
            {
                DataFileGuard.ThrowIfNotADataFile(FilePath);
                LogGuard.ThrowIfForeignLog(FilePath, ReadBase());
                ProbeLog(FilePath);
            });
            _db = Open(FilePath);
            try
            {
                // Schema first: it refuses another application's file before anything (even a pragma) is written.
                OnFileSystem("write the data file", () => Schema.Ensure(_db, FilePath));
                _db.UtcDate = true;
                RecordBase();
            }
            catch
            {
                _db.Dispose();
                throw;
            }
        }
        catch
        {
            _lock.Dispose();
            throw;
        }
    }

    /// <summary>The full path of the data file.</summary>
    public string FilePath { get; }

    /// <summary>Runs a read synchronously inside the reader gate. Materialise results (e.g. <c>ToList()</c>) inside.</summary>
    public T Read<T>(Func<LiteDatabase, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        ThrowIfDisposed();
        _readers.Wait();
        try
        {
            ThrowIfDisposed();
            return read(_db);
        }
        finally
        {
            _readers.Release();
        }
    }

    /// <summary>Waits for the reader gate without blocking a thread, then runs the read synchronously.</summary>
    public async Task<T> ReadAsync<T>(Func<LiteDatabase, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        ThrowIfDisposed();
        await _readers.WaitAsync(cancellationToken);
        try
        {
            ThrowIfDisposed();
            return read(_db);
        }
        finally
        {
            _readers.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> as one transaction, alone among writers, synchronously on this thread; rolls back if
    /// it throws. <paramref name="afterCommit"/> runs inside the gate after the commit, to keep in-memory state (a search
    /// index) in step in commit order. Do not call <see cref="Write{T}"/> from inside <paramref name="write"/>.
    /// </summary>
    public T Write<T>(Func<LiteDatabase, T> write, Action<T>? afterCommit = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        ThrowIfDisposed();
        _writer.Wait();
        try
        {
            ThrowIfDisposed();
            return WriteLocked(write, afterCommit);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>As <see cref="Write{T}"/>, but waits for the gate without blocking a thread; the transaction itself never spans an await.</summary>
    public async Task<T> WriteAsync<T>(Func<LiteDatabase, T> write, Action<T>? afterCommit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        ThrowIfDisposed();
        await _writer.WaitAsync(cancellationToken);
        try
        {
            ThrowIfDisposed();
            return WriteLocked(write, afterCommit);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// State a store keeps beside this database (a search index, a cache), created once per open database by
    /// <paramref name="create"/> under the reader gate. Two store instances over one database share it.
    /// </summary>
    public T GetState<T>(Func<LiteDatabase, T> create)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        var lazy = _state.GetOrAdd(typeof(T), _ => new Lazy<object>(() => Read(create), LazyThreadSafetyMode.ExecutionAndPublication));
        return (T)lazy.Value;
    }

    /// <summary>Copies the log into the data file now (also done on dispose).</summary>
    public void Checkpoint()
    {
        ThrowIfDisposed();
        _writer.Wait();
        try
        {
            ThrowIfDisposed();
            _db.Checkpoint();
            RecordBase();
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Writes a consistent copy of the database to <paramref name="destinationPath"/> while it stays open: writers wait,
    /// the log is checkpointed into the data file, and that file is copied. The copy opens on its own (no log needed).
    /// </summary>
    public void Backup(string destinationPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationPath);
        ThrowIfDisposed();
        var destination = Path.GetFullPath(destinationPath);
        if (string.Equals(destination, FilePath, StringComparison.Ordinal) || File.Exists(LogGuard.LogPathOf(destination)))
        {
            throw new IOException($"Refusing to back up over {destination}: it is the live file or has a -log.db beside it.");
        }

        var folder = Path.GetDirectoryName(destination);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        _writer.Wait();
        try
        {
            ThrowIfDisposed();
            _db.Checkpoint();
            var partial = destination + ".partial";
            File.Copy(FilePath, partial, overwrite: true);
            File.Move(partial, destination, overwrite: true);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Waits for running operations, checkpoints the log into the data file, closes it and releases the lock.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var writer = _writer.Wait(DisposeWait);
        var readers = 0;
        while (readers < MaxConcurrentReaders && _readers.Wait(DisposeWait))
        {
            readers++;
        }

        try
        {
            if (writer && readers == MaxConcurrentReaders)
            {
                _db.Checkpoint();
            }
        }
        finally
        {
            _db.Dispose();
            TryRecordBase();
            _lock.Dispose();

            // Let anyone still queued at the gate in, to find the database closed rather than wait forever.
            if (writer)
            {
                _writer.Release();
            }

            if (readers > 0)
            {
                _readers.Release(readers);
            }
        }
    }

    private T WriteLocked<T>(Func<LiteDatabase, T> write, Action<T>? afterCommit)
    {
        if (!_db.BeginTrans())
        {
            throw new InvalidOperationException("A LiteDB transaction is already open on this thread; writes must not nest.");
        }

        T result;
        try
        {
            result = write(_db);
            _db.Commit();
        }
        catch
        {
            _db.Rollback();
            throw;
        }

        // LiteDB checkpoints on its own when the log grows; keep the record of the data file's state in step.
        RecordBase();
        afterCommit?.Invoke(result);
        return result;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private static FileStream TakeLock(string filePath)
    {
        var lockPath = filePath + ".lock";
        try
        {
            // FileShare.None is an exclusive lock on Windows and an exclusive flock on Unix, for other processes
            // and for a second open in this one; it goes away with the process, so a crash leaves nothing stale.
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException e) when (IsSharingViolation(e))
        {
            throw new DatabaseInUseException(filePath, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unavailable(filePath, "create the lock file " + lockPath, e);
        }
    }

    private static LiteDatabase Open(string filePath)
    {
        var connection = new ConnectionString
        {
            Filename = filePath,
            Connection = ConnectionType.Direct,
        };
        try
        {
            return new LiteDatabase(connection);
        }
        catch (IOException e) when (IsSharingViolation(e))
        {
            throw new DatabaseInUseException(filePath, e);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException and not DatabaseRefusedException)
        {
            throw Unavailable(filePath, "open the data file", e);
        }
        catch (LiteException e)
        {
            // The header looked right but the rest does not: opening failed before anything was written.
            throw new DatabaseRefusedException(
                filePath,
                $"{filePath} could not be read as a LiteDB data file ({e.Message.ReplaceLineEndings(" ")}); it was left as it is. "
                + "Restore it from a backup, or import an export into a new file.",
                e);
        }
    }

    // Windows: ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION; Unix: EWOULDBLOCK from flock (11 on Linux, 35 on macOS).
    private static bool IsSharingViolation(IOException e) => OperatingSystem.IsWindows()
        ? (e.HResult & 0xFFFF) is 32 or 33
        : e.HResult == (OperatingSystem.IsMacOS() ? 35 : 11);

    /// <summary>
    /// The data file's state (length and last write time) as recorded at the last checkpoint, kept in the lock file.
    /// LiteDB writes the data file only when it checkpoints, so between two checkpoints this stays as recorded; a
    /// data file that differs while a log is waiting is not the file the log was written against.
    /// </summary>
    private LogGuard.DataFileState? ReadBase()
    {
        _lock.Position = 0;
        using var reader = new StreamReader(_lock, leaveOpen: true);
        return LogGuard.DataFileState.Parse(reader.ReadToEnd());
    }

    private void RecordBase()
    {
        var state = LogGuard.DataFileState.Of(FilePath);
        if (state is null || state == _recordedBase)
        {
            return;
        }

        var bytes = System.Text.Encoding.ASCII.GetBytes(state.ToString());
        _lock.SetLength(0);
        _lock.Position = 0;
        _lock.Write(bytes);
        _lock.Flush(flushToDisk: true);
        _recordedBase = state;
    }

    private void TryRecordBase()
    {
        try
        {
            RecordBase();
        }
        catch (IOException)
        {
            // The log is checkpointed by now; a stale record only matters while a log waits.
        }
    }

    /// <summary>LiteDB creates the log at the first write; find out now, not then, if the folder refuses it.</summary>
    private static void ProbeLog(string filePath)
    {
        var log = LogGuard.LogPathOf(filePath);
        if (File.Exists(log))
        {
            using (new FileStream(log, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1))
            {
            }

            return;
        }

        using (new FileStream(log, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1))
        {
        }

        File.Delete(log);
    }

    /// <summary>Runs a file-system step of opening, turning I/O and permission errors into <see cref="DataFileUnavailableException"/>.</summary>
    private void OnFileSystem(string what, Action step) => OnFileSystem(FilePath, what, step);

    private static void OnFileSystem(string filePath, string what, Action step)
    {
        try
        {
            step();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException and not DatabaseRefusedException and not DataFileUnavailableException)
        {
            throw Unavailable(filePath, what, e);
        }
    }

    private static DataFileUnavailableException Unavailable(string filePath, string what, Exception e)
    {
        var reason = e switch
        {
            UnauthorizedAccessException => "permission denied",
            _ when FileInTheWay(filePath) is { } file => $"{file} is a file, not a folder",
            _ => e.Message.ReplaceLineEndings(" "),
        };
        return new DataFileUnavailableException(
            filePath,
            $"Cannot {what} for {filePath}: {reason}. Set Dpse:Storage:LiteDb:Path (environment variable Dpse__Storage__LiteDb__Path) "
            + "to a file in a folder this user can write (e.g. data/dpse.db), or fix the folder's permissions or free space.",
            e);
    }

    /// <summary>The nearest existing ancestor of the data file's folder if it is a file (so no folder can be made there).</summary>
    private static string? FileInTheWay(string filePath)
    {
        for (var dir = Path.GetDirectoryName(filePath); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir))
            {
                return null;
            }

            if (File.Exists(dir))
            {
                return dir;
            }
        }

        return null;
    }
}

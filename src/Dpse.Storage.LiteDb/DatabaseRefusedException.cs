namespace Dpse.Storage.LiteDb;

/// <summary>
/// The data file was not opened because opening it could damage it: another process holds it
/// (<see cref="DatabaseInUseException"/>), or the write-ahead log beside it belongs to no or another data file.
/// The message names the file(s) and what to do; the host prints it and stops.
/// </summary>
public class DatabaseRefusedException : IOException
{
    /// <summary>Creates the refusal.</summary>
    public DatabaseRefusedException(string path, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>Creates the exception (for serializers and tooling).</summary>
    public DatabaseRefusedException()
        : this("(unknown)", "The data file was not opened.")
    {
    }

    /// <summary>The data file that was not opened.</summary>
    public string Path { get; }
}

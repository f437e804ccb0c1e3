namespace Dpse.Storage.LiteDb;

/// <summary>
/// The data file could not be opened or created because of the file system: its folder cannot be created (a file
/// is in the way) or written (permissions, read-only disk), or the disk is full. Nothing was changed. The message
/// names the path, the reason and what to do; the host prints it and stops.
/// </summary>
public sealed class DataFileUnavailableException : IOException
{
    /// <summary>Creates the failure.</summary>
    public DataFileUnavailableException(string path, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>Creates the exception (for serializers and tooling).</summary>
    public DataFileUnavailableException()
        : this("(unknown)", "The data file could not be opened.")
    {
    }

    /// <summary>The data file that could not be opened.</summary>
    public string Path { get; }
}

namespace Dpse.Storage.LiteDb;

/// <summary>
/// Thrown when the data file is already open in another Dpse.Bot process (or another <see cref="LiteDbDatabase"/>).
/// LiteDB's Direct mode is single-process; two writers on one file would corrupt it, so the second one is refused.
/// </summary>
public sealed class DatabaseInUseException : DatabaseRefusedException
{
    /// <summary>Creates the refusal for <paramref name="path"/>.</summary>
    public DatabaseInUseException(string path, Exception? innerException = null)
        : base(
            path,
            $"The data file {path} is in use by another Dpse.Bot process. Stop that process, or set Dpse:Storage:LiteDb:Path "
            + "(environment variable Dpse__Storage__LiteDb__Path) to a different file.",
            innerException)
    {
    }

    /// <summary>Creates the exception (for serializers and tooling).</summary>
    public DatabaseInUseException()
        : this("(unknown)")
    {
    }
}

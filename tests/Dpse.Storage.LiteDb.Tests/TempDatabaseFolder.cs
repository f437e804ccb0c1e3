namespace Dpse.Storage.LiteDb.Tests;

/// <summary>A fresh folder under the temp directory for one test's data files, deleted afterwards.</summary>
internal sealed class TempDatabaseFolder : IDisposable
{
    public TempDatabaseFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dpse-store-tests", Guid.NewGuid().ToString("N"));
    }

    /// <summary>The folder (not created until a database opens in it).</summary>
    public string Path { get; }

    /// <summary>The data file path used by most tests.</summary>
    public string DataFile => System.IO.Path.Combine(Path, "data", "dpse.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

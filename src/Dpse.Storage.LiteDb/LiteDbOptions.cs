using System.ComponentModel.DataAnnotations;

namespace Dpse.Storage.LiteDb;

/// <summary>
/// Where the embedded store keeps its file (section <c>Dpse:Storage:LiteDb</c>, environment variable
/// <c>Dpse__Storage__LiteDb__Path</c>). A relative path is resolved against the working directory; the folder is
/// created when the database opens. LiteDB keeps its write-ahead log beside it as <c>&lt;name&gt;-log.db</c>.
/// </summary>
public sealed class LiteDbOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Dpse:Storage:LiteDb";

    /// <summary>The data file, default <c>data/dpse.db</c>.</summary>
    [Required(ErrorMessage = "Dpse:Storage:LiteDb:Path is required, e.g. data/dpse.db.")]
    public string Path { get; set; } = "data/dpse.db";

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            yield break; // [Required] reports it.
        }

        string? problem = null;
        try
        {
            var full = System.IO.Path.GetFullPath(Path);
            if (Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 || string.IsNullOrEmpty(System.IO.Path.GetFileName(full)))
            {
                problem = "must name a file, e.g. data/dpse.db";
            }
            else if (Directory.Exists(full))
            {
                problem = $"names a folder ({full}); name a file inside it, e.g. {System.IO.Path.Combine(Path, "dpse.db")}";
            }
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            problem = "is not a valid file path";
        }

        if (problem is not null)
        {
            yield return new ValidationResult($"Dpse:Storage:LiteDb:Path '{Path}' {problem}.", [nameof(Path)]);
        }
    }
}

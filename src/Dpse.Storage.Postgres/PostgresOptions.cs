using System.ComponentModel.DataAnnotations;

namespace Dpse.Storage.Postgres;

/// <summary>
/// The PostgreSQL store (section <c>Dpse:Storage:Postgres</c>), used when <c>Dpse:Storage:Provider</c> is
/// <c>Postgres</c>. The connection string carries a password: give it through the environment
/// (<c>Dpse__Storage__Postgres__ConnectionString</c>) or user-secrets, never in a committed file.
/// </summary>
public sealed class PostgresOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Dpse:Storage:Postgres";

    /// <summary>The configuration key of <see cref="ConnectionString"/>, named in every error about it.</summary>
    public const string ConnectionStringKey = Section + ":ConnectionString";

    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Database=dpse;Username=dpse;Password=…</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long start-up waits for an unreachable server (retrying with backoff) before it gives up.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Dpse:Storage:Postgres:StartupTimeout must be between 00:00:00 and 01:00:00.")]
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PostgresConnection.Problem(ConnectionString) is { } problem)
        {
            yield return new ValidationResult(problem, [nameof(ConnectionString)]);
        }
    }
}

using Npgsql;

namespace Dpse.Storage.Postgres;

/// <summary>Checks a connection string before anything connects, so a typo fails at once with the key named.</summary>
public static class PostgresConnection
{
    /// <summary>What is wrong with <paramref name="connectionString"/> (never quoting it: it may hold a password), or null.</summary>
    public static string? Problem(string? connectionString)
    {
        var variable = PostgresOptions.ConnectionStringKey.Replace(":", "__", StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"{PostgresOptions.ConnectionStringKey} is required when Dpse:Storage:Provider is Postgres; set the environment variable {variable} (or a user-secret), e.g. Host=db;Database=dpse;Username=dpse;Password=….";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                return $"{PostgresOptions.ConnectionStringKey} names no Host; set {variable} to e.g. Host=db;Database=dpse;Username=dpse;Password=….";
            }

            return null;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // The message of a malformed string can quote part of it: report the kind of problem only.
            return $"{PostgresOptions.ConnectionStringKey} is not a valid connection string ({exception.GetType().Name}); set {variable} to e.g. Host=db;Database=dpse;Username=dpse;Password=….";
        }
    }
}

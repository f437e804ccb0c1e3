using Npgsql;

namespace Dpse.Storage.Postgres;

/// <summary>The next-number counters (table <c>counters</c>). Their row lock serialises adds of one kind across instances.</summary>
internal static class Counters
{
    public const string Story = "story";

    public const string Event = "event";

    /// <summary>Takes the next number inside the caller's transaction; a rollback gives it back.</summary>
    public static async Task<int> NextAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, "UPDATE counters SET value = value + 1 WHERE name = @name RETURNING value", transaction).With("name", name);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Moves the counter to at least <paramref name="atLeast"/> (after an import that keeps numbers).</summary>
    public static async Task RaiseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, int atLeast, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, "UPDATE counters SET value = GREATEST(value, @value) WHERE name = @name", transaction)
            .With("name", name)
            .With("value", atLeast);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

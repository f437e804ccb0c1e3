using System.Text.Json;
using Dpse.Core.Exporting;
using Npgsql;
using NpgsqlTypes;

namespace Dpse.Storage.Postgres;

/// <summary>Small helpers for plain SQL: commands with typed parameters, UTC instants, and the JSON of documents.</summary>
internal static class Sql
{
    /// <summary>The export's JSON settings without indentation: stories and events are stored in the export's shape.</summary>
    public static JsonSerializerOptions Json { get; } = new(ExchangeJson.Options) { WriteIndented = false };

    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null) =>
        new(sql, connection, transaction);

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, object? value, NpgsqlDbType type)
    {
        command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        return command;
    }

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, string? value) => command.With(name, value, NpgsqlDbType.Text);

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, int value) => command.With(name, value, NpgsqlDbType.Integer);

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, long value) => command.With(name, value, NpgsqlDbType.Bigint);

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, bool value) => command.With(name, value, NpgsqlDbType.Boolean);

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, DateTimeOffset? value) =>
        command.With(name, value?.ToUniversalTime(), NpgsqlDbType.TimestampTz);

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, string[] value) =>
        command.With(name, value, NpgsqlDbType.Array | NpgsqlDbType.Text);

    public static NpgsqlCommand WithJson(this NpgsqlCommand command, string name, string json) => command.With(name, json, NpgsqlDbType.Jsonb);

    public static DateTimeOffset Instant(this NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? NullableInstant(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static string? NullableString(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Reads every row with <paramref name="map"/>.</summary>
    public static async Task<List<T>> ListAsync<T>(this NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(map(reader));
        }

        return list;
    }

    public static T FromJson<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidDataException($"A stored {typeof(T).Name} document is null.");

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);
}

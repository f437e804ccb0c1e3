using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dpse.Core.Exporting;

/// <summary>The JSON settings of exports: camelCase, enums as words, indented, and text kept readable (no \u escapes for accents).</summary>
public static class ExchangeJson
{
    /// <summary>The serializer options used for every export and import.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,

        // A hand-edited file may put a delivery target's "to" after its other fields.
        AllowOutOfOrderMetadataProperties = true,
    };

    /// <summary>Serializes any export-shaped value.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads an export; returns an error instead of throwing on malformed JSON.</summary>
    public static (ExchangeExport? Export, string? Error) Read(string json)
    {
        try
        {
            return Check(JsonSerializer.Deserialize<ExchangeExport>(json, Options));
        }
        catch (JsonException exception)
        {
            return (null, $"The file is not a Dpse export: {exception.Message}");
        }
    }

    /// <summary>
    /// Reads an export from a stream without holding its text: the serializer parses as the bytes arrive, so memory
    /// grows with the stories and events, not with the file. Returns an error instead of throwing on malformed JSON.
    /// </summary>
    public static async Task<(ExchangeExport? Export, string? Error)> ReadAsync(Stream utf8Json, CancellationToken cancellationToken)
    {
        try
        {
            return Check(await JsonSerializer.DeserializeAsync<ExchangeExport>(utf8Json, Options, cancellationToken));
        }
        catch (JsonException exception)
        {
            return (null, $"The file is not a Dpse export: {Describe(exception)}");
        }
    }

    /// <summary>Writes an export to a stream as it serializes, flushing as it goes, so no copy of the whole text is held.</summary>
    public static Task WriteAsync<T>(Stream utf8Json, T value, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(utf8Json, value, Options, cancellationToken);

    // The serializer's message for a bad byte can quote it raw (a NUL from /dev/zero); keep the line printable.
    private static string Describe(JsonException exception)
    {
        var where = exception.LineNumber is { } line ? $" (line {line + 1}, byte {exception.BytePositionInLine + 1})" : "";
        var text = new string([.. exception.Message.Select(c => char.IsControl(c) ? '?' : c)]);
        var cut = text.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? text[..cut] : text).TrimEnd('.') + where + ".";
    }

    private static (ExchangeExport? Export, string? Error) Check(ExchangeExport? export)
    {
        if (export is null)
        {
            return (null, "The file is empty.");
        }

        if (export.FormatVersion != 1)
        {
            return (null, $"The file has format version {export.FormatVersion}; this bot reads version 1.");
        }

        return (export, null);
    }
}

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
    };

    /// <summary>Serializes any export-shaped value.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads an export; returns an error instead of throwing on malformed JSON.</summary>
    public static (ExchangeExport? Export, string? Error) Read(string json)
    {
        try
        {
            var export = JsonSerializer.Deserialize<ExchangeExport>(json, Options);
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
        catch (JsonException exception)
        {
            return (null, $"The file is not a Dpse export: {exception.Message}");
        }
    }
}

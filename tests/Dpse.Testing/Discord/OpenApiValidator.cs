using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Dpse.Testing.Discord;

/// <summary>Validates request bodies against Discord's official OpenAPI description (from ../shared).</summary>
public static partial class OpenApiValidator
{
    private static readonly Lazy<IReadOnlyList<Operation>?> Schemas = new(Load);
    private static readonly Lock Gate = new();
    private static string _components = "";
    private static int _built;

    public static bool Available => Schemas.Value is not null;

    /// <summary>Problems found (empty when valid or when the description is not available).</summary>
    public static IReadOnlyList<string> Validate(string method, string path, string body)
    {
        var schemas = Schemas.Value;
        if (schemas is null)
        {
            return [];
        }

        var match = schemas.FirstOrDefault(s => s.Method == method && s.Path.IsMatch(path));
        if (match is null)
        {
            return [$"{method} {path}: no OpenAPI operation matches"];
        }

        // One evaluation at a time: test classes run in parallel, and building and evaluating schemas shares the
        // library's global registry, which has had thread-safety bugs. Checking bodies is not on any hot path.
        using var document = JsonDocument.Parse(body);
        EvaluationResults result;
        lock (Gate)
        {
            result = match.Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        }

        if (result.IsValid)
        {
            return [];
        }

        return [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{method} {path} {d.InstanceLocation}: {e.Key} {e.Value}")).Take(20)];
    }

    private sealed class Operation(string method, Regex path, string schema)
    {
        private readonly Lazy<JsonSchema> _schema = new(() => JsonSchema.FromText(
            $$"""{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{{_components}},"allOf":[{{schema}}]}""",
            baseUri: new Uri($"https://dpse.test/openapi/{Interlocked.Increment(ref _built)}")));

        public string Method { get; } = method;

        public Regex Path { get; } = path;

        public JsonSchema Schema => _schema.Value;
    }

    private static List<Operation>? Load()
    {
        if (!SharedData.Exists)
        {
            return null;
        }

        using var openApi = JsonDocument.Parse(SharedData.Read("openapi/openapi.json"));
        _components = openApi.RootElement.GetProperty("components").GetProperty("schemas").GetRawText()
            .Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        var list = new List<Operation>();
        foreach (var path in openApi.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Value.ValueKind != JsonValueKind.Object
                    || !operation.Value.TryGetProperty("requestBody", out var requestBody)
                    || !requestBody.GetProperty("content").TryGetProperty("application/json", out var json))
                {
                    continue;
                }

                var schema = json.GetProperty("schema").GetRawText().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
                var pattern = "^" + Parameter().Replace(Regex.Escape(path.Name), "[^/]+") + "$";
                list.Add(new Operation(operation.Name.ToUpperInvariant(), new Regex(pattern), schema));
            }
        }

        // Literal paths (e.g. /users/@me/channels) win over templates that would also match them.
        return [.. list.OrderBy(e => e.Path.ToString().Count(c => c == '+'))];
    }

    [GeneratedRegex(@"\\\{[a-z_]+}")]
    private static partial Regex Parameter();
}

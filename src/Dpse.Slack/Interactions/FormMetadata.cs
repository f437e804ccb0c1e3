using System.Text.Json;
using System.Text.Json.Nodes;
using Dpse.Slack.Rendering;

namespace Dpse.Slack.Interactions;

/// <summary>
/// What a modal must remember until it is submitted, carried in the view's <c>private_metadata</c> (≤3000 chars):
/// the command path, the options already given, and the channel the command came from.
/// </summary>
internal sealed record FormMetadata(string Path, IReadOnlyDictionary<string, string> Given, string Channel)
{
    public string? Serialize()
    {
        var options = new JsonObject();
        foreach (var (key, value) in Given)
        {
            options[key] = value;
        }

        var text = new JsonObject { ["p"] = Path, ["o"] = options, ["c"] = Channel }.ToJsonString();
        return text.Length <= SlackLimits.PrivateMetadata ? text : null;
    }

    public static FormMetadata? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(text) is not JsonObject o || o["p"]?.GetValue<string>() is not { Length: > 0 } path)
            {
                return null;
            }

            var given = new Dictionary<string, string>(StringComparer.Ordinal);
            if (o["o"] is JsonObject options)
            {
                foreach (var (key, value) in options)
                {
                    given[key] = value?.GetValue<string>() ?? "";
                }
            }

            return new FormMetadata(path, given, o["c"]?.GetValue<string>() ?? "");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}

using System.Text.Json.Nodes;

namespace Dpse.Testing.Slack;

/// <summary>
/// Own small fixtures in the shapes of Slack's Socket Mode samples (../shared/platform/slack/socket-mode/), so the core
/// scenarios run without the shared folder. <see cref="SharedSamples"/> drives the real files where present.
/// </summary>
public static class Envelopes
{
    public static JsonObject SlashCommand(string envelopeId, string text, Uri responseUrl, string user = "U111", string channel = "C111") =>
        Parse($$"""
        {"envelope_id":"{{envelopeId}}","payload":{"token":"verification-token","team_id":"T111","team_domain":"xxx",
         "channel_id":"{{channel}}","channel_name":"random","user_id":"{{user}}","user_name":"testxyz","command":"/dpse",
         "text":"","api_app_id":"A111","response_url":"{{responseUrl}}","trigger_id":"111.222.xxx"},
         "type":"slash_commands","accepts_response_payload":true}
        """, e => e["payload"]!["text"] = text);

    public static JsonObject BlockAction(string envelopeId, string actionId, Uri responseUrl, string messageTs = "1605853634.000400", bool ephemeral = false, string user = "U111") =>
        Parse($$"""
        {"envelope_id":"{{envelopeId}}","payload":{"type":"block_actions","user":{"id":"{{user}}","username":"testxyz","name":"testxyz","team_id":"T111"},
         "api_app_id":"A111","token":"fixed-value",
         "container":{"type":"message","message_ts":"{{messageTs}}","channel_id":"C111","is_ephemeral":{{(ephemeral ? "true" : "false")}} },
         "trigger_id":"111.222.xxx","team":{"id":"T111","domain":"xxx"},"channel":{"id":"C111","name":"random"},
         "response_url":"{{responseUrl}}",
         "actions":[{"action_id":"","block_id":"b","text":{"type":"plain_text","text":"Celebrate","emoji":true},"value":"v","type":"button","action_ts":"1605853645.582706"}]},
         "type":"interactive","accepts_response_payload":false}
        """, e => e["payload"]!["actions"]![0]!["action_id"] = actionId);

    public static JsonObject ViewSubmission(string envelopeId, string privateMetadata, IReadOnlyDictionary<string, string> values)
    {
        var state = new JsonObject();
        foreach (var (field, value) in values)
        {
            state[field] = new JsonObject { ["value"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = value } };
        }

        return Parse($$"""
        {"envelope_id":"{{envelopeId}}","payload":{"type":"view_submission","user":{"id":"U111","username":"testxyz","team_id":"T111"},"team":{"id":"T111"},
         "view":{"id":"V111","type":"modal","callback_id":"dpse:form","private_metadata":"","state":{"values":null},"hash":"1.2"} },
         "type":"interactive","accepts_response_payload":true}
        """, e =>
        {
            e["payload"]!["view"]!["private_metadata"] = privateMetadata;
            e["payload"]!["view"]!["state"]!["values"] = state;
        });
    }

    private static JsonObject Parse(string json, Action<JsonObject> edit)
    {
        var envelope = (JsonObject)JsonNode.Parse(json)!;
        edit(envelope);
        return envelope;
    }
}

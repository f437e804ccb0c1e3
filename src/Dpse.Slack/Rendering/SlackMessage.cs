using System.Text.Json.Nodes;

namespace Dpse.Slack.Rendering;

/// <summary>One Slack message ready to post: the notification fallback <c>text</c> (already escaped) and its blocks.</summary>
public sealed record SlackMessage(string Text, JsonArray Blocks)
{
    /// <summary>The message as the body fields <c>text</c> and <c>blocks</c>, for chat.* calls and response_url posts.</summary>
    public JsonObject ToJson()
    {
        return new JsonObject
        {
            ["text"] = Text,
            ["blocks"] = Blocks.DeepClone(),
        };
    }
}

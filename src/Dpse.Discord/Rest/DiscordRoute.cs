namespace Dpse.Discord.Rest;

/// <summary>
/// One REST call: the method, the path, and the route key Discord's per-route rate limits hang on
/// (template plus the top-level resource: channel, guild or webhook). Interaction callbacks and webhooks with a
/// token are exempt from the global limit and need no bot authorization.
/// </summary>
internal sealed record DiscordRoute(HttpMethod Method, string Template, string Path, string MajorParameter, bool Global = true, bool Authorized = true)
{
    /// <summary>The key of the rate-limit bucket before Discord tells us its hash.</summary>
    public string Key => $"{Method.Method} {Template} {MajorParameter}";

    public static DiscordRoute CreateMessage(string channelId) =>
        new(HttpMethod.Post, "/channels/{channel_id}/messages", $"/channels/{channelId}/messages", channelId);

    /// <summary>Up to <paramref name="limit"/> messages of a channel after the snowflake <paramref name="after"/> (needs Read Message History).</summary>
    public static DiscordRoute ListMessages(string channelId, string after, int limit) =>
        new(HttpMethod.Get, "/channels/{channel_id}/messages", $"/channels/{channelId}/messages?after={after}&limit={limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}", channelId);

    public static DiscordRoute CreateDm() =>
        new(HttpMethod.Post, "/users/@me/channels", "/users/@me/channels", "");

    public static DiscordRoute CurrentUser() =>
        new(HttpMethod.Get, "/users/@me", "/users/@me", "");

    public static DiscordRoute GatewayBot() =>
        new(HttpMethod.Get, "/gateway/bot", "/gateway/bot", "");

    public static DiscordRoute GlobalCommands(string applicationId) =>
        new(HttpMethod.Put, "/applications/{application_id}/commands", $"/applications/{applicationId}/commands", applicationId);

    public static DiscordRoute GuildCommands(string applicationId, string guildId) =>
        new(HttpMethod.Put, "/applications/{application_id}/guilds/{guild_id}/commands", $"/applications/{applicationId}/guilds/{guildId}/commands", guildId);

    public static DiscordRoute Callback(string interactionId, string token) =>
        new(HttpMethod.Post, "/interactions/{interaction_id}/{interaction_token}/callback", $"/interactions/{interactionId}/{Uri.EscapeDataString(token)}/callback", interactionId, Global: false, Authorized: false);

    public static DiscordRoute EditOriginal(string applicationId, string token) =>
        new(HttpMethod.Patch, "/webhooks/{application_id}/{interaction_token}/messages/@original", $"/webhooks/{applicationId}/{Uri.EscapeDataString(token)}/messages/@original", applicationId + "/" + token, Global: false, Authorized: false);

    public static DiscordRoute DeleteOriginal(string applicationId, string token) =>
        new(HttpMethod.Delete, "/webhooks/{application_id}/{interaction_token}/messages/@original", $"/webhooks/{applicationId}/{Uri.EscapeDataString(token)}/messages/@original", applicationId + "/" + token, Global: false, Authorized: false);

    public static DiscordRoute FollowUp(string applicationId, string token) =>
        new(HttpMethod.Post, "/webhooks/{application_id}/{interaction_token}", $"/webhooks/{applicationId}/{Uri.EscapeDataString(token)}", applicationId + "/" + token, Global: false, Authorized: false);
}

using Dpse.Core.Sending;

namespace Dpse.Slack.WebApi;

/// <summary>Slack's error codes we meet, what they mean for people, and whether retrying could ever help.</summary>
public static class SlackErrors
{
    /// <summary>A network failure or a response that was not Slack's JSON.</summary>
    public const string NetworkError = "network_error";

    /// <summary>HTTP 429 with Retry-After (spelt <c>rate_limited</c> in older specs; both are accepted).</summary>
    public const string RateLimited = "ratelimited";

    private static readonly HashSet<string> Permanent = new(StringComparer.Ordinal)
    {
        "channel_not_found", "not_in_channel", "is_archived", "account_inactive", "invalid_auth", "not_authed",
        "token_revoked", "missing_scope", "user_not_found", "cannot_dm_bot", "user_disabled", "restricted_action",
        "msg_too_long", "no_text", "invalid_blocks", "invalid_blocks_format", "too_many_attachments", "msg_blocks_too_long",
    };

    /// <summary>Maps a failed call to the outbox's retry decision.</summary>
    public static SendResult ToSendResult(SlackApiResponse response, string method) =>
        response.Error is { } error && Permanent.Contains(error)
            ? SendResult.Permanent(response.Describe(method))
            : SendResult.Transient(response.Describe(method));

    /// <summary>A short explanation of an error code.</summary>
    public static string Explain(string? error) => error switch
    {
        "channel_not_found" => "the channel does not exist or the bot cannot see it",
        "not_in_channel" => "the bot is not a member of the channel: invite it with /invite @Dpse",
        "is_archived" => "the channel is archived",
        "account_inactive" => "the bot's account or the workspace is deactivated",
        "invalid_auth" or "not_authed" => "the token is missing, wrong or revoked: check Dpse__Slack__BotToken",
        "token_revoked" => "the token was revoked: reinstall the app",
        "missing_scope" => "the app lacks a scope: reinstall it from config/slack-app-manifest.yml",
        "expired_trigger_id" => "the form could not open in time: run the command again",
        "user_not_in_channel" => "the person is not in that channel",
        "msg_too_long" or "msg_blocks_too_long" => "the message is too long",
        "invalid_blocks" or "invalid_blocks_format" => "Slack rejected the message layout",
        RateLimited or "rate_limited" => "Slack kept answering 429 Too Many Requests",
        NetworkError => "Slack could not be reached",
        null => "no error code",
        _ when error.StartsWith("http_", StringComparison.Ordinal) => "Slack answered with an HTTP error",
        _ => "see Slack's documentation of the method",
    };
}

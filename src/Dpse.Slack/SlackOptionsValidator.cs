using Microsoft.Extensions.Options;

namespace Dpse.Slack;

/// <summary>
/// Refuses to start a Slack adapter that would run deaf: enabled without tokens, or with tokens of the wrong kind.
/// Each failure names the key and the environment variable to set. Token values never appear in the message.
/// </summary>
internal sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        CheckToken(failures, options.BotToken, "BotToken", "xoxb-", "the bot token (OAuth & Permissions > Bot User OAuth Token)");
        if (options.Mode == SlackTransport.SocketMode)
        {
            CheckToken(failures, options.AppToken, "AppToken", "xapp-", "the app-level token with scope connections:write (Basic Information > App-Level Tokens)");
        }
        else if (string.IsNullOrWhiteSpace(options.SigningSecret))
        {
            failures.Add($"{SlackOptions.Section}:SigningSecret is required when {SlackOptions.Section}:Mode is Http: set Dpse__Slack__SigningSecret to the Signing Secret (Basic Information > App Credentials).");
        }
        if (options.ApiBaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{SlackOptions.Section}:ApiBaseUrl must be an absolute http(s) URL such as https://slack.com/api/.");
        }

        if (options.PostsPerMinutePerWorkspace < 1)
        {
            failures.Add($"{SlackOptions.Section}:PostsPerMinutePerWorkspace must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckToken(List<string> failures, string? value, string key, string prefix, string what)
    {
        var variable = $"Dpse__Slack__{key}";
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{SlackOptions.Section}:{key} is required when {SlackOptions.Section}:Enabled is true: set {variable} to {what}.");
        }
        else if (!value.StartsWith(prefix, StringComparison.Ordinal))
        {
            var kind = value.Length >= 5 ? value[..5] : "an unknown";
            failures.Add($"{SlackOptions.Section}:{key} must start with {prefix} ({what}); the value given is {Describe(kind)} token.");
        }
    }

    private static string Describe(string prefix) => prefix switch
    {
        "xoxb-" => "a bot (xoxb-)",
        "xapp-" => "an app-level (xapp-)",
        "xoxp-" => "a user (xoxp-)",
        _ => "not a Slack",
    };
}

using Microsoft.Extensions.Options;

namespace Dpse.Discord;

/// <summary>Refuses to start an enabled adapter that lacks what it needs, naming the configuration key.</summary>
internal sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Token))
        {
            failures.Add($"{DiscordOptions.Section}:Token is required when {DiscordOptions.Section}:Enabled is true; set the environment variable Dpse__Discord__Token (or user-secrets), never a committed file.");
        }

        if (string.IsNullOrWhiteSpace(options.ApplicationId) || !IsSnowflake(options.ApplicationId))
        {
            failures.Add($"{DiscordOptions.Section}:ApplicationId is required when {DiscordOptions.Section}:Enabled is true and must be the numeric application id from the developer portal.");
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{DiscordOptions.Section}:ApiBaseUrl must be an absolute http(s) URL.");
        }

        if (!string.IsNullOrWhiteSpace(options.GatewayUrl)
            && (!Uri.TryCreate(options.GatewayUrl, UriKind.Absolute, out var gateway) || (gateway.Scheme != "wss" && gateway.Scheme != "ws")))
        {
            failures.Add($"{DiscordOptions.Section}:GatewayUrl must be an absolute ws(s) URL.");
        }

        if (options.Interactions == DiscordInteractionTransport.Http
            && (options.PublicKey is not { Length: 64 } key || !key.All(char.IsAsciiHexDigit)))
        {
            failures.Add($"{DiscordOptions.Section}:PublicKey is required when {DiscordOptions.Section}:Interactions is Http: the 64 hex characters of Public Key on the application's General Information page (Dpse__Discord__PublicKey).");
        }

        if (options.GuildIds.Any(g => !IsSnowflake(g)))
        {
            failures.Add($"{DiscordOptions.Section}:GuildIds must hold numeric guild ids.");
        }

        if (options.ModeratorRoleIds.Any(g => !IsSnowflake(g)))
        {
            failures.Add($"{DiscordOptions.Section}:ModeratorRoleIds must hold numeric role ids.");
        }

        if (options.ShardCount is < 1 or > 1000)
        {
            failures.Add($"{DiscordOptions.Section}:ShardCount must be between 1 and 1000.");
        }

        if (options.ShardClaimInterval <= TimeSpan.Zero || options.ShardClaimInterval > TimeSpan.FromSeconds(30))
        {
            failures.Add($"{DiscordOptions.Section}:ShardClaimInterval must be above 0 and at most 00:00:30 (a dead instance's shards wait that long for a survivor).");
        }

        if (options.ReplyBudget <= TimeSpan.Zero || options.ReplyBudget > TimeSpan.FromSeconds(2.5))
        {
            failures.Add($"{DiscordOptions.Section}:ReplyBudget must be above 0 and at most 2.5 s (Discord drops interactions unanswered after 3 s).");
        }

        if (options.GlobalRequestsPerSecond is < 1 or > 50)
        {
            failures.Add($"{DiscordOptions.Section}:GlobalRequestsPerSecond must be between 1 and 50.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsSnowflake(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 20 && value.All(char.IsAsciiDigit);
}

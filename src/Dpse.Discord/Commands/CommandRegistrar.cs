using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dpse.Core.Commands;
using Dpse.Core.Instances;
using Dpse.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dpse.Discord.Commands;

/// <summary>
/// Registers <c>/dpse</c> by bulk overwrite, per configured guild (instant) or globally, and only when the
/// definition's hash differs from the one last registered there: restarts do not spend Discord's daily create quota.
/// The whole check-and-register runs under the cluster lock <see cref="LockName"/>, so of several instances starting
/// together one registers and the others find its hash.
/// </summary>
internal sealed class CommandRegistrar(DiscordRestClient rest, IRegistrationHashStore hashes, IClusterLock clusterLock, IOptions<DiscordOptions> options, ILogger<CommandRegistrar> logger)
{
    /// <summary>The cluster lock held while registering.</summary>
    public const string LockName = "discord-commands";

    /// <summary>The definition (validated) and its hash.</summary>
    public static (JsonArray Definition, string Hash) Definition(IReadOnlyList<CommandSpec> catalogue)
    {
        var definition = DiscordCommandBuilder.Build(catalogue);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(definition.ToJsonString())));
        return (definition, hash);
    }

    /// <summary>Registers where needed; returns false when Discord refused (logged with its error body).</summary>
    public async Task<bool> RegisterAsync(IReadOnlyList<CommandSpec> catalogue, CancellationToken cancellationToken)
    {
        var (definition, hash) = Definition(catalogue);
        var settings = options.Value;
        var scopes = settings.GuildIds.Count > 0
            ? settings.GuildIds.Select(g => ($"guild:{g}", DiscordRoute.GuildCommands(settings.ApplicationId!, g))).ToList()
            : [("global", DiscordRoute.GlobalCommands(settings.ApplicationId!))];
        await using var held = await clusterLock.AcquireAsync(LockName, cancellationToken);
        var ok = true;
        foreach (var (scope, route) in scopes)
        {
            var remembered = await hashes.GetAsync(scope, cancellationToken);
            if (remembered == hash)
            {
                Log.CommandsUnchanged(logger, scope);
                continue;
            }

            var response = await rest.SendAsync(route, definition.DeepClone(), cancellationToken);
            if (!response.IsSuccess)
            {
                Log.CommandRegistrationFailed(logger, scope, response.Describe());
                ok = false;
                continue;
            }

            await hashes.SetAsync(scope, hash, cancellationToken);
            Log.CommandsRegistered(logger, scope);
        }

        return ok;
    }
}

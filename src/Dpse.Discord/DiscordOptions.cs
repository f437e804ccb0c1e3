namespace Dpse.Discord;

/// <summary>
/// Settings of the Discord adapter, section <c>Dpse:Discord</c>. The token is a secret: set it through the
/// environment (<c>Dpse__Discord__Token</c>) or user-secrets, never in a committed file.
/// </summary>
public sealed class DiscordOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Dpse:Discord";

    /// <summary>Default REST base URL (API v10).</summary>
    public const string DefaultApiBaseUrl = "https://discord.com/api/v10";

    /// <summary>Whether the adapter runs at all.</summary>
    public bool Enabled { get; set; }

    /// <summary>The bot token (secret).</summary>
    public string? Token { get; set; }

    /// <summary>The application id (snowflake) from the developer portal.</summary>
    public string? ApplicationId { get; set; }

    /// <summary>
    /// How interactions arrive: <see cref="DiscordInteractionTransport.Gateway"/> (default, outbound WebSocket, no public URL)
    /// or <see cref="DiscordInteractionTransport.Http"/> (Discord POSTs to the Interactions Endpoint URL; no gateway connection).
    /// </summary>
    public DiscordInteractionTransport Interactions { get; set; } = DiscordInteractionTransport.Gateway;

    /// <summary>The application's public key (hex, from General Information), which signs HTTP interactions. Not a secret.</summary>
    public string? PublicKey { get; set; }

    /// <summary>Guilds to register the commands in (instant); global registration when empty.</summary>
    public IList<string> GuildIds { get; } = [];

    /// <summary>Role ids whose holders are moderators.</summary>
    public IList<string> ModeratorRoleIds { get; } = [];

    /// <summary>REST base URL, including the version.</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Gateway URL; when set, used instead of asking <c>GET /gateway/bot</c>.</summary>
    public string? GatewayUrl { get; set; }

    /// <summary>Shard count when <see cref="GatewayUrl"/> is set (otherwise Discord recommends one).</summary>
    public int ShardCount { get; set; } = 1;

    /// <summary>
    /// How often the gateway takes its turn among instances: beats, gives back shards above its share, tries free ones
    /// (a dead instance's shards are picked up within this plus the store's start delay).
    /// </summary>
    public TimeSpan ShardClaimInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Where the hash of the last registered command definition is remembered.</summary>
    public string RegistrationHashFile { get; set; } = "data/discord-commands.json";

    /// <summary>How long the core may take before the interaction is deferred (Discord allows 3 s in all).</summary>
    public TimeSpan ReplyBudget { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Requests per second allowed by Discord's global limit.</summary>
    public int GlobalRequestsPerSecond { get; set; } = 50;

    /// <summary>Time limit of one HTTP attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Project URL in the User-Agent header.</summary>
    public string UserAgentUrl { get; set; } = "https://github.com/dpse/dpse-bot";
}

namespace Dpse.Discord.Gateway;

/// <summary>What a gateway close code means for the next connection.</summary>
internal static class GatewayCloseCodes
{
    /// <summary>Our own close code for zombie connections, op 7 and resumable op 9: anything but 1000/1001 keeps the session.</summary>
    public const int ResumeLater = 4900;

    public static GatewayOutcome Classify(int? code) => code switch
    {
        // Authentication failed, invalid shard, sharding required, invalid API version, invalid or disallowed intents.
        4004 or 4010 or 4011 or 4012 or 4013 or 4014 => GatewayOutcome.Fatal,

        // Invalid sequence, session timed out: a new session is needed.
        4007 or 4009 => GatewayOutcome.Reidentify,

        // Everything else (4000 unknown error, 4008 rate limited, a dropped connection...) may resume.
        _ => GatewayOutcome.Resume,
    };

    public static string Describe(int? code) => code switch
    {
        null => "connection dropped",
        4004 => "authentication failed: the bot token (Dpse:Discord:Token) is wrong or was reset",
        4010 => "invalid shard",
        4011 => "sharding required: the bot is in too many guilds for its shard count",
        4012 => "invalid API version",
        4013 => "invalid intents",
        4014 => "disallowed intents: enable them in the developer portal or request fewer",
        4007 => "invalid sequence",
        4009 => "session timed out",
        _ => $"close code {code}",
    };
}

/// <summary>How a gateway connection ended, and so what the next one does.</summary>
internal enum GatewayOutcome
{
    /// <summary>Reconnect and RESUME the session.</summary>
    Resume,

    /// <summary>Reconnect and IDENTIFY a new session.</summary>
    Reidentify,

    /// <summary>INVALID_SESSION (not resumable): wait 1-5 s, then IDENTIFY a new session.</summary>
    InvalidSession,

    /// <summary>A configuration problem: stop, do not loop.</summary>
    Fatal,

    /// <summary>Shutting down.</summary>
    Stopped,
}

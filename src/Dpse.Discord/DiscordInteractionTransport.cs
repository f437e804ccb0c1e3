namespace Dpse.Discord;

/// <summary>How Discord delivers interactions to the bot (the two are exclusive: setting an Interactions Endpoint URL switches Discord to HTTP).</summary>
public enum DiscordInteractionTransport
{
    /// <summary>INTERACTION_CREATE over the gateway WebSocket.</summary>
    Gateway,

    /// <summary>Signed POSTs to <c>/discord/interactions</c> on the bot's HTTP endpoint.</summary>
    Http,
}

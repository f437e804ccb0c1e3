namespace Dpse.Slack;

/// <summary>How Slack delivers slash commands and interactions to the bot.</summary>
public enum SlackTransport
{
    /// <summary>Envelopes over an outbound Socket Mode WebSocket (app-level token; no public URL).</summary>
    SocketMode,

    /// <summary>Signed POSTs to <c>/slack/events</c> on the bot's HTTP endpoint (signing secret; needs a public URL).</summary>
    Http,
}

namespace Dpse.Slack;

/// <summary>
/// Section <c>Dpse:Slack</c>. The two tokens are secrets: set them from the environment
/// (<c>Dpse__Slack__BotToken</c>, <c>Dpse__Slack__AppToken</c>) or user-secrets, never in a committed file.
/// </summary>
public sealed class SlackOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Dpse:Slack";

    /// <summary>Runs the Slack adapter (Socket Mode connection and the Slack sender).</summary>
    public bool Enabled { get; set; }

    /// <summary>The bot token (<c>xoxb-…</c>) used for every Web API call.</summary>
    public string? BotToken { get; set; }

    /// <summary>The app-level token (<c>xapp-…</c>, scope <c>connections:write</c>) that opens Socket Mode connections.</summary>
    public string? AppToken { get; set; }

    /// <summary>
    /// How Slack delivers commands and interactions: <see cref="SlackTransport.SocketMode"/> (default, outbound WebSocket,
    /// needs <see cref="AppToken"/>) or <see cref="SlackTransport.Http"/> (signed POSTs to <c>/slack/events</c>, needs
    /// <see cref="SigningSecret"/>; the only way for an app distributed to other workspaces).
    /// </summary>
    public SlackTransport Mode { get; set; } = SlackTransport.SocketMode;

    /// <summary>The app's signing secret (Basic Information → App Credentials), which verifies HTTP requests. A secret.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Slack user ids (<c>U…</c>) whose commands run with moderator rights.</summary>
    public IList<string> ModeratorUserIds { get; } = [];

    /// <summary>The Web API base address; tests aim it at a loopback fake.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>
    /// Workspace-wide ceiling for <c>chat.postMessage</c> on top of Slack's one message per second per channel.
    /// Slack publishes no number; 525 a minute is a large vendor's observed safe pace.
    /// </summary>
    public int PostsPerMinutePerWorkspace { get; set; } = 525;

    /// <summary>Whether a user id is a configured moderator.</summary>
    public bool IsModerator(string userId) => ModeratorUserIds.Contains(userId, StringComparer.Ordinal);
}

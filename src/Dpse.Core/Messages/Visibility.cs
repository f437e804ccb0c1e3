namespace Dpse.Core.Messages;

/// <summary>Who sees a reply: everyone in the channel, or only the person who asked (Discord flag 64, Slack ephemeral).</summary>
public enum Visibility
{
    /// <summary>Posted to the channel.</summary>
    Channel,

    /// <summary>Seen only by the invoker.</summary>
    OnlyInvoker,
}

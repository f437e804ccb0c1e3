namespace Dpse.Core.Identity;

/// <summary>The platform names used in <see cref="ActorRef"/> and <see cref="ChannelRef"/>.</summary>
public static class Platforms
{
    /// <summary>Discord (gateway and REST).</summary>
    public const string Discord = "discord";

    /// <summary>Slack (Socket Mode and Web API).</summary>
    public const string Slack = "slack";

    /// <summary>The terminal shell adapter inside the host.</summary>
    public const string Shell = "shell";
}

using Dpse.Core.Identity;
using Microsoft.Extensions.Options;

namespace Dpse.Bot.Shell;

/// <summary>The shell user and channel as the core sees them.</summary>
public sealed class ShellIdentity(IOptions<ShellOptions> options)
{
    /// <summary>The shell's workspace: one local machine.</summary>
    public const string Workspace = "local";

    /// <summary>The person at the terminal.</summary>
    public Actor Actor { get; } = new(
        new ActorRef(Platforms.Shell, Workspace, options.Value.User),
        options.Value.DisplayName ?? options.Value.User,
        options.Value.Moderator);

    /// <summary>The terminal's channel.</summary>
    public ChannelRef Channel { get; } = new(Platforms.Shell, Workspace, options.Value.Channel);
}

namespace Dpse.Core.Identity;

/// <summary>A channel on one platform: where a command was typed, or where a digest or reminder goes.</summary>
public sealed record ChannelRef(string Platform, string Workspace, string ChannelId)
{
    /// <summary>A stable, comparable key for stores and delivery keys.</summary>
    public string Key => $"{Platform}:{Workspace}:{ChannelId}";

    /// <inheritdoc />
    public override string ToString() => Key;
}

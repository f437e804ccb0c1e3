namespace Dpse.Core.Identity;

/// <summary>
/// A person on one platform. Ids stay strings because Discord snowflakes and Slack ids differ;
/// the core never interprets them. The workspace is the Slack team or the Discord guild ("" for DMs and the shell).
/// </summary>
public sealed record ActorRef(string Platform, string Workspace, string UserId)
{
    /// <summary>A stable, comparable key for stores and sets.</summary>
    public string Key => $"{Platform}:{Workspace}:{UserId}";

    /// <inheritdoc />
    public override string ToString() => Key;
}

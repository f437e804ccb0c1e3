using Dpse.Core.Audit;
using Dpse.Core.Stories;

namespace Dpse.Core.Commands;

/// <summary>Small readings of an invocation that several features share.</summary>
public static class InvocationExtensions
{
    /// <summary>An audit entry for a change this invocation's actor made.</summary>
    public static AuditEntry Audit(this CommandInvocation invocation, DateTimeOffset at, string action, string target, string? detail = null) =>
        new(at, invocation.Actor.Ref, invocation.Actor.DisplayName, action, target, detail);

    /// <summary>Whether the actor wrote the item or moderates.</summary>
    public static bool IsAuthorOrModerator(this CommandInvocation invocation, Identity.ActorRef author) =>
        invocation.Actor.IsModerator || invocation.Actor.Ref == author;

    /// <summary>Parses an outcome as typed (success, partial, failure, abandoned).</summary>
    public static StoryOutcome? Outcome(this CommandInvocation invocation, string name = "outcome") =>
        invocation.Text(name) is { } text ? ParseOutcome(text) : null;

    /// <summary>Parses an outcome word.</summary>
    public static StoryOutcome? ParseOutcome(string text) => text.Trim().ToLowerInvariant() switch
    {
        "success" => StoryOutcome.Success,
        "partial" => StoryOutcome.Partial,
        "failure" => StoryOutcome.Failure,
        "abandoned" => StoryOutcome.Abandoned,
        _ => null,
    };
}

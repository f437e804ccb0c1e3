namespace Dpse.Core.Commands;

/// <summary>How a command ended, as the <c>outcome</c> label of <see cref="CommandMetrics"/> says it.</summary>
public enum CommandOutcome
{
    /// <summary>The handler answered (a form to fill in counts too).</summary>
    Ok,

    /// <summary>A user mistake or a refusal: unknown command or option, bad value, not allowed, not found.</summary>
    Refused,

    /// <summary>A bug or an outage: the handler threw and the person got a reference id.</summary>
    Failed,
}

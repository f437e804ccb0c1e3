using Dpse.Core.Events;

namespace Dpse.Core.Reminders;

/// <summary>
/// What the event handlers tell the scheduler after they stored a change: a moved start (a "moved" notice goes to
/// the reminder targets and reminders are re-planned for the new time) or a cancellation (a notice goes to the
/// channels and RSVPed members and no more reminders are sent). Call it after the store write succeeded.
/// </summary>
public interface IEventChanges
{
    /// <summary>The start of <paramref name="after"/> differs from <paramref name="before"/>.</summary>
    Task StartMovedAsync(CommunityEvent before, CommunityEvent after, CancellationToken cancellationToken);

    /// <summary>The event was cancelled, with the reason given (if any).</summary>
    Task CancelledAsync(CommunityEvent cancelled, string? reason, CancellationToken cancellationToken);
}

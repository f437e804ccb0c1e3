using Dpse.Core.Reminders;

namespace Dpse.Core.Deliveries;

/// <summary>
/// How late a digest may still go out: one rule for the scheduler that plans a missed slot and the outbox sender that
/// finds a record still owed (after a restart or a retry), so the two never disagree at the edge.
/// </summary>
public static class DigestGrace
{
    /// <summary>
    /// Why a digest due at <paramref name="dueAt"/> is too late to send at <paramref name="now"/>, or null while it is
    /// within <paramref name="grace"/> (exactly at the grace still goes out).
    /// </summary>
    public static string? MissedReason(DateTimeOffset dueAt, DateTimeOffset now, TimeSpan grace) =>
        now - dueAt > grace
            ? $"missed by {ReminderPlanner.Human(now - dueAt)}, more than the grace of {ReminderPlanner.Human(grace)}"
            : null;
}

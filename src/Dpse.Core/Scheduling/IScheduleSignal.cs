namespace Dpse.Core.Scheduling;

/// <summary>
/// Tells the scheduler that stored state it plans from has changed (a subscription, reminders on/off, an event's
/// start, an RSVP), so it re-derives its due work now instead of at its next wake-up. Cheap and never blocks.
/// </summary>
public interface IScheduleSignal
{
    /// <summary>Something the schedule depends on changed.</summary>
    void Changed();
}

namespace Dpse.Core.Events;

/// <summary>A member's answer to an event.</summary>
public enum RsvpStatus
{
    /// <summary>Will attend.</summary>
    Going,

    /// <summary>Might attend; still gets reminders when opted in.</summary>
    Interested,

    /// <summary>Will not attend.</summary>
    NotGoing,
}

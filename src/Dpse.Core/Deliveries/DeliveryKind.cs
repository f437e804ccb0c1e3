namespace Dpse.Core.Deliveries;

/// <summary>What a delivery is.</summary>
public enum DeliveryKind
{
    /// <summary>A channel's weekly digest.</summary>
    Digest,

    /// <summary>An event reminder at one offset before the start.</summary>
    Reminder,

    /// <summary>A notice that an event's start moved.</summary>
    EventMoved,

    /// <summary>A notice that an event was cancelled.</summary>
    EventCancelled,
}

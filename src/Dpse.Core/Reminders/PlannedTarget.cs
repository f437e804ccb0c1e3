using Dpse.Core.Sending;

namespace Dpse.Core.Reminders;

/// <summary>
/// One place a reminder or notice goes, and the instant from which it wanted them: a reminder due before
/// <see cref="Since"/> (the channel turned reminders on, the member RSVPed or opted in later) is not sent late.
/// </summary>
public sealed record PlannedTarget(DeliveryTarget Target, DateTimeOffset Since);

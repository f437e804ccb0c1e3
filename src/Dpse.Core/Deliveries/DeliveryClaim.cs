namespace Dpse.Core.Deliveries;

/// <summary>The answer of <see cref="IDeliveryStore.TryClaimAsync"/>.</summary>
/// <param name="Claimed">Whether the caller now holds the record (it is pending).</param>
/// <param name="Record">The stored record; null when there is none with that key.</param>
/// <param name="HeldUntil">When not claimed because another owner holds the record: when that owner's lease ends.</param>
public sealed record DeliveryClaim(bool Claimed, DeliveryRecord? Record, DateTimeOffset? HeldUntil = null);

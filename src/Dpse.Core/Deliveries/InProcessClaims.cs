namespace Dpse.Core.Deliveries;

/// <summary>
/// Delivery claims for a store that only one process uses (LiteDB, in memory): the leases live in this object, which
/// is all <see cref="IDeliveryStore.ClaimDueAsync"/> needs when no other instance can claim. Thread-safe.
/// </summary>
public sealed class InProcessClaims
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Owner, DateTimeOffset Until)> _claims = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="record"/> may be sent at <paramref name="now"/>: pending, due, and past any back-off.</summary>
    public static bool IsDue(DeliveryRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Status == DeliveryStatus.Pending && record.DueAt <= now && (record.NextAttemptAt is null || record.NextAttemptAt <= now);
    }

    /// <summary>Claims up to <paramref name="limit"/> of <paramref name="pending"/> (earliest due first) as the store's port describes.</summary>
    public IReadOnlyList<DeliveryRecord> Claim(IEnumerable<DeliveryRecord> pending, string owner, DateTimeOffset now, TimeSpan lease, int limit)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var claimed = new List<DeliveryRecord>();
        lock (_gate)
        {
            foreach (var record in pending)
            {
                if (claimed.Count >= limit)
                {
                    break;
                }

                if (!IsDue(record, now)
                    || (_claims.TryGetValue(record.Key, out var held) && held.Owner != owner && held.Until > now))
                {
                    continue;
                }

                _claims[record.Key] = (owner, now + lease);
                claimed.Add(record);
            }
        }

        return claimed;
    }

    /// <summary>Claims the stored <paramref name="record"/> (null: none) as <see cref="IDeliveryStore.TryClaimAsync"/> describes.</summary>
    public DeliveryClaim TryClaim(DeliveryRecord? record, string owner, DateTimeOffset now, TimeSpan lease)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        if (record is not { Status: DeliveryStatus.Pending })
        {
            return new DeliveryClaim(false, record);
        }

        lock (_gate)
        {
            if (_claims.TryGetValue(record.Key, out var held) && held.Owner != owner && held.Until > now)
            {
                return new DeliveryClaim(false, record, held.Until);
            }

            _claims[record.Key] = (owner, now + lease);
            return new DeliveryClaim(true, record);
        }
    }

    /// <summary>Drops <paramref name="owner"/>'s claim on <paramref name="key"/>; another owner's claim stays.</summary>
    public void Release(string key, string owner)
    {
        lock (_gate)
        {
            if (_claims.TryGetValue(key, out var held) && held.Owner == owner)
            {
                _claims.Remove(key);
            }
        }
    }
}

namespace Dpse.Core.Duplicates;

/// <summary>
/// <see cref="IOnceKeys"/> in this process's memory: right for tests and for a store only one process uses, never for
/// several instances. Thread-safe; expired claims are swept at most every <see cref="OnceKey.SweepEvery"/>.
/// </summary>
public sealed class InMemoryOnceKeys : IOnceKeys
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _claims = new(StringComparer.Ordinal);
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    /// <summary>Claims currently held (expired ones included until swept).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _claims.Count;
            }
        }
    }

    /// <inheritdoc />
    public Task<bool> TryClaimAsync(string key, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        OnceKey.Check(key, now, expiresAt);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (now - _lastSweep >= OnceKey.SweepEvery)
            {
                SweepLocked(now);
            }

            if (_claims.TryGetValue(key, out var held) && held > now)
            {
                return Task.FromResult(false);
            }

            _claims[key] = expiresAt;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<int> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(SweepLocked(now));
        }
    }

    private int SweepLocked(DateTimeOffset now)
    {
        _lastSweep = now;
        var expired = _claims.Where(c => c.Value <= now).Select(c => c.Key).ToList();
        foreach (var key in expired)
        {
            _claims.Remove(key);
        }

        return expired.Count;
    }
}

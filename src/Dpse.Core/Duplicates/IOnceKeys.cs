namespace Dpse.Core.Duplicates;

/// <summary>
/// "Claim this key once until an expiry": how something that may arrive twice (a Slack envelope delivered on two
/// connections, possibly to two instances; a signed request replayed) is handled once. The store decides, so on a
/// shared store (PostgreSQL) the first claimer across every instance wins. A claim that has expired no longer counts:
/// the key may be claimed again, and <see cref="SweepAsync"/> removes it.
/// </summary>
public interface IOnceKeys
{
    /// <summary>
    /// Claims <paramref name="key"/> until <paramref name="expiresAt"/>. True for the first claimer only: false while
    /// an earlier claim on the key has not expired at <paramref name="now"/>. Atomic: of concurrent claims on one key,
    /// exactly one returns true.
    /// </summary>
    /// <param name="key">The thing that must happen once, namespaced by its caller (<c>slack:envelope:…</c>); at most <see cref="OnceKey.MaxLength"/> characters.</param>
    /// <param name="now">The caller's clock; claims that expired at or before it are treated as absent.</param>
    /// <param name="expiresAt">Until when the claim holds; after <paramref name="now"/>.</param>
    /// <param name="cancellationToken">Cancels the claim (nothing is claimed then, or the claim stands as if it succeeded).</param>
    Task<bool> TryClaimAsync(string key, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Removes every claim expired at <paramref name="now"/>; returns how many. Stores also sweep now and then on their own.</summary>
    Task<int> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

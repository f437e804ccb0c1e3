using Dpse.Core.Duplicates;

namespace Dpse.Storage.Postgres.Duplicates;

/// <summary>
/// Once-claims in table <c>once_keys</c>, shared by every instance on the database. A claim is one statement: insert
/// the key, or, when a row for it exists, take it over only if it has expired (<c>ON CONFLICT … DO UPDATE … WHERE</c>,
/// which locks the row and re-checks the condition against the newest version, so of racing claimers exactly one
/// gets a row back). Each instance sweeps expired rows at most every <see cref="OnceKey.SweepEvery"/>.
/// </summary>
public sealed class PostgresOnceKeys(PostgresDatabase database) : IOnceKeys
{
    private readonly Lock _gate = new();
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    /// <inheritdoc />
    public async Task<bool> TryClaimAsync(string key, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        OnceKey.Check(key, now, expiresAt);
        if (SweepDue(now))
        {
            await SweepAsync(now, cancellationToken);
        }

        return await database.ReadAsync(
            async connection =>
            {
                await using var command = Sql.Command(
                        connection,
                        """
                        INSERT INTO once_keys (key, expires_at) VALUES (@key, @expires_at)
                        ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE once_keys.expires_at <= @now
                        """)
                    .With("key", key)
                    .With("expires_at", expiresAt)
                    .With("now", now);
                return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async connection =>
            {
                await using var command = Sql.Command(connection, "DELETE FROM once_keys WHERE expires_at <= @now").With("now", now);
                return await command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);

    private bool SweepDue(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (now - _lastSweep < OnceKey.SweepEvery)
            {
                return false;
            }

            _lastSweep = now;
            return true;
        }
    }
}

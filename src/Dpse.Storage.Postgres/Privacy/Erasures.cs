using Dpse.Core.Identity;
using Dpse.Core.Privacy;
using Npgsql;

namespace Dpse.Storage.Postgres.Privacy;

/// <summary>
/// Who was erased and when, in table <c>erasures</c>, keyed by <see cref="ErasureFingerprint"/> under the database's own
/// secret (table <c>erasure_secret</c>). A person's erasure and their own writes are ordered by a transaction-scoped
/// advisory lock on the fingerprint (exclusive for the erasure, shared for a write), taken before any row lock: a
/// write either commits before the erasure reads the person's rows, or sees the erasure and is refused.
/// </summary>
internal static class Erasures
{
    /// <summary>Takes the person's exclusive lock for the rest of the transaction; call before locking any row.</summary>
    public static async Task LockForErasureAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ActorRef person, CancellationToken cancellationToken)
    {
        var fingerprint = await FingerprintAsync(connection, transaction, person, cancellationToken);
        await using var command = Sql.Command(connection, "SELECT pg_advisory_xact_lock(hashtextextended(@f, 0))", transaction).With("f", fingerprint);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records <paramref name="erasure"/>, keeping the latest instant; call after <see cref="LockForErasureAsync"/>.</summary>
    public static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PersonErasure erasure, CancellationToken cancellationToken)
    {
        var fingerprint = await FingerprintAsync(connection, transaction, erasure.Person, cancellationToken);
        await using var command = Sql.Command(
                connection,
                "INSERT INTO erasures (fingerprint, at) VALUES (@f, @at) ON CONFLICT (fingerprint) DO UPDATE SET at = greatest(erasures.at, excluded.at)",
                transaction)
            .With("f", fingerprint)
            .With("at", erasure.At);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Takes the person's shared lock (waiting for an erasure in progress) and tells whether they were erased at or after
    /// <paramref name="at"/>, so a write of theirs carrying that instant must be refused. Call before locking any row.
    /// </summary>
    public static async Task<bool> RefusesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ActorRef person, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var fingerprint = await FingerprintAsync(connection, transaction, person, cancellationToken);
        await using (var lockCommand = Sql.Command(connection, "SELECT pg_advisory_xact_lock_shared(hashtextextended(@f, 0))", transaction).With("f", fingerprint))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        // A new statement after the lock: under read committed it sees an erasure committed while this write waited.
        await using var command = Sql.Command(connection, "SELECT EXISTS (SELECT 1 FROM erasures WHERE fingerprint = @f AND at >= @at)", transaction)
            .With("f", fingerprint)
            .With("at", at);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<string> FingerprintAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ActorRef person, CancellationToken cancellationToken)
    {
        // The first caller creates the secret; a concurrent first caller's insert does nothing and both read the one row.
        await using (var create = Sql.Command(connection, "INSERT INTO erasure_secret (secret) VALUES (@secret) ON CONFLICT (id) DO NOTHING", transaction)
            .With("secret", ErasureFingerprint.NewSecret(), NpgsqlTypes.NpgsqlDbType.Bytea))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var read = Sql.Command(connection, "SELECT secret FROM erasure_secret", transaction);
        var secret = (byte[])(await read.ExecuteScalarAsync(cancellationToken))!;
        return ErasureFingerprint.Of(secret, person);
    }
}

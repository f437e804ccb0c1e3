using Dpse.Core.Instances;

namespace Dpse.Storage.Postgres.Instances;

/// <summary>
/// Identify turns in <c>identify_turns</c>: one row per bucket, taken by an upsert that only writes when the last turn is
/// at least the interval old. Two instances racing for a bucket serialize on its row; exactly one sees its write.
/// </summary>
internal sealed class PostgresIdentifyTurns(PostgresDatabase database, TimeProvider timeProvider) : IIdentifyTurns
{
    public Task<TimeSpan> TryTakeAsync(int bucket, TimeSpan interval, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                var now = timeProvider.GetUtcNow();
                await using (var take = Sql.Command(
                        connection,
                        """
                        INSERT INTO identify_turns (bucket, last_turn) VALUES (@bucket, @now)
                        ON CONFLICT (bucket) DO UPDATE SET last_turn = EXCLUDED.last_turn
                        WHERE identify_turns.last_turn <= @due
                        RETURNING bucket
                        """,
                        transaction)
                    .With("bucket", bucket)
                    .With("now", now)
                    .With("due", now - interval))
                {
                    if (await take.ExecuteScalarAsync(cancellationToken) is not null)
                    {
                        return TimeSpan.Zero;
                    }
                }

                await using var last = Sql.Command(connection, "SELECT last_turn FROM identify_turns WHERE bucket = @bucket", transaction).With("bucket", bucket);
                var lastTurn = (await last.ListAsync(r => r.Instant(0), cancellationToken))[0];
                var wait = lastTurn + interval - now;
                return wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1);
            },
            cancellationToken);
}

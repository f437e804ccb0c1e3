using Dpse.Core.Instances;
using Microsoft.Extensions.Options;

namespace Dpse.Storage.Postgres.Instances;

/// <summary>
/// Membership in the <c>instances</c> table: a beat upserts this instance's <c>last_seen</c> and counts the rows seen
/// within the time to live; the rank is this id's place among theirs in ordinal order (as the in-process one). Instants come from the injected clock, so instances' clocks should agree to well within
/// the time to live (NTP does). Rows silent for ten times the time to live are removed on the way.
/// </summary>
internal sealed class PostgresInstanceMembership(PostgresDatabase database, IOptions<InstanceOptions> options, TimeProvider timeProvider) : IInstanceMembership
{
    private readonly DateTimeOffset _started = timeProvider.GetUtcNow();

    public string InstanceId { get; } = options.Value.Id;

    public Task<InstanceCensus> HeartbeatAsync(CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                var now = timeProvider.GetUtcNow();
                var ttl = options.Value.TimeToLive;
                await using var beat = Sql.Command(
                        connection,
                        """
                        INSERT INTO instances (id, started_at, last_seen) VALUES (@id, @started, @now)
                        ON CONFLICT (id) DO UPDATE SET last_seen = GREATEST(instances.last_seen, EXCLUDED.last_seen);
                        DELETE FROM instances WHERE last_seen < @forgotten;
                        SELECT id FROM instances WHERE last_seen > @oldest ORDER BY id COLLATE "C";
                        """,
                        transaction)
                    .With("id", InstanceId)
                    .With("started", _started)
                    .With("now", now)
                    .With("forgotten", now - (ttl * 10))
                    .With("oldest", now - ttl);
                var live = await beat.ListAsync(r => r.GetString(0), cancellationToken);
                return new InstanceCensus(live.Count, live.IndexOf(InstanceId));
            },
            cancellationToken);

    public Task LeaveAsync(CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                await using var leave = Sql.Command(connection, "DELETE FROM instances WHERE id = @id", transaction).With("id", InstanceId);
                return await leave.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
}

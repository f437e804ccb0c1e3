using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Dpse.Testing.Discord;

namespace Dpse.Bot.Tests.MultiInstance;

/// <summary>
/// Plays Discord's gateway on <see cref="FakeDiscord"/> for every connection, unattended: HELLO, then READY for an
/// IDENTIFY (or RESUMED for a RESUME), and heartbeats ACKed until the client leaves. It records which instance (the
/// <c>instance</c> query parameter of each instance's gateway URL) held which shard and when, how many connections held
/// each shard at once at most, and when each IDENTIFY arrived.
/// </summary>
internal sealed class ShardedGateway
{
    private readonly FakeDiscord _discord;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, int> _open = [];
    private readonly Dictionary<int, int> _mostOpen = [];
    private readonly Dictionary<string, int> _sessionShards = new(StringComparer.Ordinal);
    private readonly List<ShardSession> _sessions = [];
    private readonly List<DateTimeOffset> _identifies = [];
    private volatile bool _stopped;
    private int _sessionIds;

    public ShardedGateway(FakeDiscord discord, int shardCount, TimeProvider time)
    {
        _discord = discord;
        _time = time;
        ShardCount = shardCount;
        _ = Task.Run(AcceptAsync);
    }

    public int ShardCount { get; }

    /// <summary>Every session so far, in the order the shards were identified or resumed.</summary>
    public IReadOnlyList<ShardSession> Sessions
    {
        get
        {
            lock (_lock)
            {
                return [.. _sessions.Select(s => s with { })];
            }
        }
    }

    /// <summary>When each IDENTIFY arrived, in order.</summary>
    public IReadOnlyList<DateTimeOffset> Identifies
    {
        get
        {
            lock (_lock)
            {
                return [.. _identifies];
            }
        }
    }

    /// <summary>The gateway URL one instance is given: the fake's, naming the instance.</summary>
    public string UrlFor(string instance) => $"{_discord.GatewayUrl}?instance={instance}";

    /// <summary>The most connections that held <paramref name="shard"/> at the same moment.</summary>
    public int MostOpen(int shard)
    {
        lock (_lock)
        {
            return _mostOpen.GetValueOrDefault(shard);
        }
    }

    /// <summary>The instance holding <paramref name="shard"/> now, or null when no connection holds it.</summary>
    public string? Holder(int shard)
    {
        lock (_lock)
        {
            return _sessions.LastOrDefault(s => s.Shard == shard && s.ClosedAt is null)?.Instance;
        }
    }

    /// <summary>Stops accepting (connections already served run until their client leaves).</summary>
    public void Stop() => _stopped = true;

    private async Task AcceptAsync()
    {
        while (!_stopped)
        {
            FakeGatewayConnection connection;
            try
            {
                connection = await _discord.NextConnectionAsync();
            }
            catch (OperationCanceledException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(connection));
        }
    }

    private async Task ServeAsync(FakeGatewayConnection connection)
    {
        var instance = Instance(connection.Query);
        ShardSession? session = null;
        try
        {
            await connection.SendAsync(GatewayFixtures.Hello);
            var first = await connection.ReceiveAsync();
            var op = first["op"]?.GetValue<int>();
            int shard;
            string sessionId;
            if (op == 2)
            {
                shard = first["d"]?["shard"] is JsonArray { Count: 2 } pair ? pair[0]!.GetValue<int>() : 0;
                sessionId = "session-" + Interlocked.Increment(ref _sessionIds).ToString(CultureInfo.InvariantCulture);
            }
            else if (op == 6 && first["d"]?["session_id"]?.GetValue<string>() is { } resumed && SessionShard(resumed) is { } known)
            {
                shard = known;
                sessionId = resumed;
            }
            else
            {
                await connection.CloseAsync(op == 6 ? 4006 : 4002);
                return;
            }

            var now = _time.GetUtcNow();
            lock (_lock)
            {
                session = new ShardSession(shard, instance, now, op == 6);
                _sessions.Add(session);
                var open = _open.GetValueOrDefault(shard) + 1;
                _open[shard] = open;
                _mostOpen[shard] = Math.Max(_mostOpen.GetValueOrDefault(shard), open);
                _sessionShards[sessionId] = shard;
                if (op == 2)
                {
                    _identifies.Add(now);
                }
            }

            await connection.SendAsync(op == 2 ? Ready(sessionId, shard, instance) : """{"t":"RESUMED","s":2,"op":0,"d":{}}""");
            await connection.Closed;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            if (session is not null)
            {
                lock (_lock)
                {
                    _open[session.Shard]--;
                    session.ClosedAt = _time.GetUtcNow();
                }
            }
        }
    }

    private int? SessionShard(string sessionId)
    {
        lock (_lock)
        {
            return _sessionShards.TryGetValue(sessionId, out var shard) ? shard : null;
        }
    }

    private string Ready(string sessionId, int shard, string instance)
    {
        var ready = JsonNode.Parse(GatewayFixtures.Ready(UrlFor(instance)))!.AsObject();
        ready["d"]!["session_id"] = sessionId;
        ready["d"]!["shard"] = new JsonArray(shard, ShardCount);
        return ready.ToJsonString();
    }

    private static string Instance(string query) =>
        query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0] == "instance") is [_, var value] ? value : "?";
}

/// <summary>One shard session: which instance held it, from its IDENTIFY (or RESUME) until its connection closed.</summary>
internal sealed record ShardSession(int Shard, string Instance, DateTimeOffset OpenedAt, bool Resumed)
{
    public DateTimeOffset? ClosedAt { get; set; }
}

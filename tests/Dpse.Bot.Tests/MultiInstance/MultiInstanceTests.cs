using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Storage.Postgres;
using Dpse.Storage.Postgres.Channels;
using Dpse.Storage.Postgres.Events;
using Dpse.Storage.Postgres.Members;
using Dpse.Storage.Postgres.Scheduling;
using Dpse.Testing.Discord;
using Dpse.Testing.Slack;

namespace Dpse.Bot.Tests.MultiInstance;

/// <summary>
/// Issue 11's must-show: three bot processes on one PostgreSQL database, a fake Discord with two gateway shards and
/// a fake Slack, both enforcing their platform's rate limits; 240 channels subscribed to the digest for the same second
/// and 70 reminders due at that second; the process holding a shard is killed (SIGKILL) a third of the way through the
/// fan-out, while it holds deliveries. Every channel gets exactly one digest, every reminder goes out exactly once, each
/// shard is held by at most one connection at every moment (by none for the few seconds between the kill and the
/// takeover), the dead instance's shard is identified again by a survivor, and no 429 is provoked. Needs
/// <c>DPSE_TEST_POSTGRES</c> (run through <c>.ci/with-postgres</c>) and the bot's apphost; about 40 s on an idle machine.
/// </summary>
public sealed class MultiInstanceTests
{
    private const int DiscordChannels = 160;
    private const int SlackChannels = 80;
    private const int DiscordReminderChannels = 20;
    private const int SlackReminderChannels = 10;
    private const int ShardCount = 2;
    private const string Guild = "900000000000000001";
    private const string Workspace = "T111";
    // Slow enough that Slack's workspace pace, not the lanes, bounds the Slack fan-out: at 1,200 a minute instances that
    // ignored each other (each posting at the full pace) still met no 429; at 600 they meet a dozen.
    private const int WorkspacePostsPerMinute = 600;
    private static readonly string[] Instances = ["i1", "i2", "i3"];
    private static readonly string[] DiscordPeople = ["800000000000000001", "800000000000000002", "800000000000000003"];
    private static readonly string[] SlackPeople = ["U001", "U002"];
    private static readonly string[] EventTitles = ["Open Councils Alpha", "Open Councils Beta"];
    // Only how long a real failure takes to report: three bots start and fan out beside every other test on 2 cores.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task ThreeInstances_OneKilledMidFanOut_EveryDigestAndReminderOnceShardsHeldOnceNo429()
    {
        Assert.SkipUnless(BotProcess.Available, "needs Linux and the Dpse.Bot apphost beside the tests");
        var cancellationToken = TestContext.Current.CancellationToken;
        var connectionString = await TestPostgres.NewDatabaseAsync();
        var time = TimeProvider.System;
        var report = new StringBuilder();

        await using var database = new PostgresDatabase(connectionString);
        await database.EnsureReadyAsync(cancellationToken);
        await using var discord = await FakeDiscord.StartAsync(time);
        discord.GlobalLimitPerSecond = 50;
        discord.ChannelMessagesPer5Seconds = 5;
        discord.Latency = TimeSpan.FromMilliseconds(15);
        await using var slack = await FakeSlack.StartAsync(time, cancellationToken);
        slack.ChannelPostBurst = 3;
        slack.WorkspacePostsPerMinute = WorkspacePostsPerMinute;
        slack.Latency = TimeSpan.FromMilliseconds(15);
        var gateway = new ShardedGateway(discord, ShardCount, time);

        var folders = new List<string>();
        var bots = new Dictionary<string, BotProcess>(StringComparer.Ordinal);
        try
        {
            foreach (var instance in Instances)
            {
                var folder = Directory.CreateTempSubdirectory("dpse-multi-" + instance + "-").FullName;
                folders.Add(folder);
                bots[instance] = BotProcess.Start(folder, Settings(instance, connectionString, discord, slack, gateway));
            }

            // Settled: every instance beats, each has its Slack socket, and the two shards are held by two instances.
            await WaitAsync(
                gateway,
                async () => await LiveInstancesAsync(database, cancellationToken) == Instances.Length
                    && slack.SocketEvents.Snapshot().Count(e => e.StartsWith("hello:", StringComparison.Ordinal)) >= Instances.Length
                    && Enumerable.Range(0, ShardCount).Select(gateway.Holder).Distinct().Count(h => h is not null) == ShardCount,
                "three live instances, three Slack sockets and both shards held by two instances",
                cancellationToken);

            var (due, expectedReminders) = await SeedAsync(database, time, cancellationToken);
            report.AppendLine(CultureInfo.InvariantCulture, $"due at {due:HH:mm:ss}, {DiscordChannels + SlackChannels} digests and {expectedReminders.Count} reminders; seeded {(due - time.GetUtcNow()).TotalSeconds:0.0} s before");

            // Kill the holder of shard 0 once a third of the digests are out...
            var victim = gateway.Holder(0)!;
            var posted = new DigestCount(discord, slack);
            await WaitAsync(gateway, () => Task.FromResult(posted.Now() >= (DiscordChannels + SlackChannels) / 3), "a third of the digests posted", cancellationToken);

            // ...and at a moment it is sending: on a loaded machine its lanes can be between deliveries when a third is out.
            // Paused first, then checked: a claim seen before the kill could otherwise be released in the gap.
            for (var tries = 1; ; tries++)
            {
                await WaitAsync(gateway, async () => await ClaimedByAsync(database, victim, cancellationToken) > 0, $"{victim} holding a delivery", cancellationToken);
                bots[victim].Pause();
                if (await ClaimedByAsync(database, victim, cancellationToken) > 0 || tries == 50)
                {
                    break;
                }

                bots[victim].Resume();
            }

            bots[victim].Kill();
            var killedAt = time.GetUtcNow();
            var postedAtKill = posted.Now();

            // What the dead instance was sending: it can no longer release these; survivors take them over when the lease ends.
            var orphaned = await ClaimedByAsync(database, victim, cancellationToken);
            report.AppendLine(CultureInfo.InvariantCulture, $"killed {victim} (held shard 0) with {postedAtKill} digests posted, {(killedAt - due).TotalSeconds:0.0} s after due, holding {orphaned} deliveries");

            var total = DiscordChannels + SlackChannels + expectedReminders.Count;
            await WaitAsync(gateway, async () => await SentAsync(database, cancellationToken) == total, $"all {total} deliveries recorded as sent", cancellationToken);
            var doneAt = time.GetUtcNow();
            await WaitAsync(
                gateway,
                () => Task.FromResult(gateway.Sessions.Any(s => s.Shard == 0 && s.Instance != victim && s.OpenedAt > killedAt && s.ClosedAt is null)),
                "shard 0 taken over by a survivor",
                cancellationToken);
            var takeover = gateway.Sessions.First(s => s.Shard == 0 && s.Instance != victim && s.OpenedAt > killedAt);
            report.AppendLine(CultureInfo.InvariantCulture, $"all sent {(doneAt - due).TotalSeconds:0.0} s after due; shard 0 identified by {takeover.Instance} {(takeover.OpenedAt - killedAt).TotalSeconds:0.0} s after the kill");
            var posts = discord.Requests(r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal));
            var repeatedNonces = posts.GroupBy(r => r.Json["nonce"]?.ToString() ?? "").Sum(g => g.Count() - 1);
            report.AppendLine(CultureInfo.InvariantCulture, $"Discord message posts by instance: {string.Join(", ", Instances.Select(i => $"{i} {posts.Count(r => r.UserAgent.Contains("/" + i + ",", StringComparison.Ordinal))}"))}; posts repeating an earlier nonce (retries, takeovers): {repeatedNonces}");
            report.AppendLine(CultureInfo.InvariantCulture, $"Slack: {slack.Posted.Count} posts, {slack.Calls.Snapshot().Count(c => c.Method == "conversations.history")} conversations.history look-ups (reconciling unconfirmed attempts)");
            TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());

            // Exactly one digest per channel, on both platforms, and none anywhere else.
            var discordDigests = discord.Messages.Where(m => IsDigest(m.Body.ToJsonString())).GroupBy(m => m.ChannelId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var slackDigests = slack.Posted.Where(p => IsDigest(p.Body.ToJsonString())).GroupBy(p => p.Channel).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            Assert.Equal(Enumerable.Range(0, DiscordChannels).Select(DiscordChannel).Order(StringComparer.Ordinal), discordDigests.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(Enumerable.Range(0, SlackChannels).Select(SlackChannel).Order(StringComparer.Ordinal), slackDigests.Keys.Order(StringComparer.Ordinal));
            Assert.All(discordDigests.Concat(slackDigests), d => Assert.True(d.Value == 1, $"{d.Key} got {d.Value} digests"));

            // Exactly one reminder per event and target (channels with reminders on, the origin, people who opted in to DMs).
            var reminders = discord.Messages.Select(m => (Where: "discord:" + m.ChannelId, Json: m.Body.ToJsonString()))
                .Concat(slack.Posted.Select(p => (Where: "slack:" + p.Channel, Json: p.Body.ToJsonString())))
                .Where(m => m.Json.Contains("Starting in", StringComparison.Ordinal))
                .Select(m => m.Where + "|" + EventTitles.Single(t => m.Json.Contains(t, StringComparison.Ordinal)))
                .ToList();
            var repeated = reminders.GroupBy(r => r, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
            Assert.True(repeated.Count == 0, "reminders sent more than once: " + string.Join(", ", repeated));
            Assert.Equal(expectedReminders.Order(StringComparer.Ordinal), reminders.Order(StringComparer.Ordinal));

            // The outbox agrees: every record sent, nothing pending, failed or skipped.
            Assert.Equal(new[] { ("Sent", (long)total) }, await StatusesAsync(database, cancellationToken));

            // Each shard was held by one connection at a time, and the dead instance's shard went to a survivor.
            Assert.All(Enumerable.Range(0, ShardCount), shard => Assert.Equal(1, gateway.MostOpen(shard)));
            Assert.NotEqual(victim, takeover.Instance);

            // No 429 from either platform, and the kill really came midway.
            Assert.True(discord.TooManyRequestsSent == 0, $"the fake Discord answered {discord.TooManyRequestsSent} requests with 429");
            Assert.True(slack.TooManyRequestsSent == 0, $"the fake Slack answered {slack.TooManyRequestsSent} posts with 429");
            Assert.InRange(postedAtKill, 1, DiscordChannels + SlackChannels - 1);
            Assert.True(orphaned > 0, $"{victim} held no delivery when it was killed, so nothing was taken over");
            discord.AssertBodiesMatchOpenApi();
        }
        catch (Exception) when (Describe(bots, report))
        {
            throw;
        }
        finally
        {
            gateway.Stop();
            foreach (var bot in bots.Values)
            {
                bot.Dispose();
            }

            foreach (var folder in folders)
            {
                TryDelete(folder);
            }
        }
    }

    private static Dictionary<string, string> Settings(string instance, string connectionString, FakeDiscord discord, FakeSlack slack, ShardedGateway gateway) => new()
    {
        ["Dpse__Storage__Provider"] = "Postgres",
        ["Dpse__Storage__Postgres__ConnectionString"] = connectionString,
        ["Dpse__Storage__Instances__Id"] = instance,
        ["Dpse__Storage__Instances__HeartbeatInterval"] = "00:00:00.2",
        // Short, so a kill is noticed in seconds, yet long enough that a live instance whose beat a loaded CI machine
        // holds up for several seconds is not counted gone (its peers would take a larger share of Discord's limit).
        ["Dpse__Storage__Instances__TimeToLive"] = "00:00:08",

        // Above one send's deadline (10 s), as validation requires: a dead instance's claims free up after it.
        ["Dpse__Exchange__DeliveryClaimLease"] = "00:00:11",
        ["Dpse__Discord__Enabled"] = "true",
        ["Dpse__Discord__Token"] = "test-token",
        ["Dpse__Discord__ApplicationId"] = FakeDiscord.ApplicationId,
        ["Dpse__Discord__ApiBaseUrl"] = discord.ApiBaseUrl,
        ["Dpse__Discord__GatewayUrl"] = gateway.UrlFor(instance),
        ["Dpse__Discord__ShardCount"] = ShardCount.ToString(CultureInfo.InvariantCulture),
        ["Dpse__Discord__ShardClaimInterval"] = "00:00:00.2",
        ["Dpse__Discord__UserAgentUrl"] = "https://example.org/dpse-bot/" + instance,
        ["Dpse__Slack__Enabled"] = "true",
        ["Dpse__Slack__BotToken"] = "xoxb-test",
        ["Dpse__Slack__AppToken"] = "xapp-test",
        ["Dpse__Slack__ApiBaseUrl"] = slack.ApiUrl.ToString(),
        ["Dpse__Slack__PostsPerMinutePerWorkspace"] = WorkspacePostsPerMinute.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Writes the exchange straight into the shared database: every channel subscribed for one second a few seconds
    /// ahead, some with reminders on, two events whose one-hour reminder falls on that second, people who asked for
    /// reminder DMs; then wakes the instances' schedulers as a command would. Returns the due moment and the expected
    /// reminders as <c>platform:channel|title</c>. Should seeding end after the due moment (a very busy machine), the
    /// schedulers start on the notification instead, which changes nothing asserted: every subscription began before it.
    /// </summary>
    private static async Task<(DateTimeOffset Due, List<string> Reminders)> SeedAsync(PostgresDatabase database, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero) + TimeSpan.FromSeconds(8);
        var channels = new PostgresChannelSettingsStore(database);
        var events = new PostgresEventStore(database);
        var members = new PostgresMemberSettingsStore(database);
        var moderator = new ActorRef(Platforms.Discord, Guild, "700000000000000001");
        AuditEntry Audit(string action, string target) => new(now, moderator, "seed", action, target);
        var subscription = new DigestSubscription { Day = due.DayOfWeek, Time = TimeOnly.FromDateTime(due.UtcDateTime), TimeZone = "Etc/UTC", Since = now };

        var all = Enumerable.Range(0, DiscordChannels).Select(i => (Channel: new ChannelRef(Platforms.Discord, Guild, DiscordChannel(i)), Reminders: i < DiscordReminderChannels))
            .Concat(Enumerable.Range(0, SlackChannels).Select(i => (Channel: new ChannelRef(Platforms.Slack, Workspace, SlackChannel(i)), Reminders: i < SlackReminderChannels)))
            .ToList();
        // Side by side: one by one, 300 transactions took longer than the few seconds to the due moment on a busy machine.
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (c, token) =>
        {
            await channels.SetDigestAsync(c.Channel, subscription, now, Audit("digest.subscribe", c.Channel.Key), token);
            if (c.Reminders)
            {
                await channels.SetRemindersAsync(c.Channel, true, now, Audit("reminders.on", c.Channel.Key), token);
            }
        });

        var people = DiscordPeople.Select(p => new ActorRef(Platforms.Discord, Guild, p)).Concat(SlackPeople.Select(p => new ActorRef(Platforms.Slack, Workspace, p))).ToList();
        foreach (var person in people)
        {
            await members.SetReminderDirectMessagesAsync(person, true, now, Audit("reminders.dm", person.Key), cancellationToken);
        }

        var origin = all[0].Channel;
        var expected = new List<string>();
        foreach (var title in EventTitles)
        {
            var start = due + TimeSpan.FromHours(1);
            var added = await events.AddAsync(
                new CommunityEvent
                {
                    Title = title,
                    StartUtc = start,
                    LocalStart = start.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
                    TimeZone = "Etc/UTC",
                    Organiser = moderator,
                    OrganiserName = "seed",
                    Origin = origin,
                    ReminderOffsets = [TimeSpan.FromHours(1)],
                    CreatedAt = now,
                    UpdatedAt = now,
                },
                Audit("event.add", title),
                cancellationToken);
            foreach (var person in people)
            {
                await events.SetRsvpAsync(added.Number, new Rsvp(person, person.UserId, RsvpStatus.Going, now), Audit("event.rsvp", added.Id), cancellationToken);
            }

            expected.AddRange(all.Where(c => c.Reminders).Select(c => $"{c.Channel.Platform}:{c.Channel.ChannelId}|{title}"));
            expected.AddRange(DiscordPeople.Select(p => $"discord:9{p}|{title}"));
            expected.AddRange(SlackPeople.Select(p => $"slack:D{p}|{title}"));
        }

        // As a command's change would: tell every instance's scheduler that the plan changed.
        await using var notify = database.DataSource.CreateCommand("SELECT pg_notify(@channel, 'seed')");
        notify.Parameters.AddWithValue("channel", PostgresScheduleSignal.Channel);
        await notify.ExecuteNonQueryAsync(cancellationToken);
        return (due, expected);
    }

    private static string DiscordChannel(int i) => (910000000000000000L + i).ToString(CultureInfo.InvariantCulture);

    private static string SlackChannel(int i) => "C" + i.ToString("D4", CultureInfo.InvariantCulture);

    private static bool IsDigest(string json) => json.Contains("DPSE weekly digest", StringComparison.Ordinal);

    /// <summary>Digests posted so far on both fakes, looking only at the messages added since the last count (it is polled).</summary>
    private sealed class DigestCount(FakeDiscord discord, FakeSlack slack)
    {
        private int _discordSeen;
        private int _slackSeen;
        private int _count;

        public int Now()
        {
            var messages = discord.Messages;
            var posts = slack.Posted;
            _count += messages.Skip(_discordSeen).Count(m => IsDigest(m.Body.ToJsonString())) + posts.Skip(_slackSeen).Count(p => IsDigest(p.Body.ToJsonString()));
            (_discordSeen, _slackSeen) = (messages.Count, posts.Count);
            return _count;
        }
    }

    private static async Task<long> LiveInstancesAsync(PostgresDatabase database, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM instances WHERE last_seen > now() - interval '3 seconds'");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<long> ClaimedByAsync(PostgresDatabase database, string instance, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM deliveries WHERE status = 'Pending' AND claimed_by = @instance");
        command.Parameters.AddWithValue("instance", instance);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<long> SentAsync(PostgresDatabase database, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM deliveries WHERE status = 'Sent'");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<List<(string Status, long Count)>> StatusesAsync(PostgresDatabase database, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT status, count(*) FROM deliveries GROUP BY status ORDER BY status");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<(string, long)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return result;
    }

    /// <summary>
    /// Polls <paramref name="done"/> until true; after <see cref="Bound"/> fails saying what was awaited. Every poll
    /// also checks that no shard has been held by two connections at once, so that failure is named as soon as it happens.
    /// </summary>
    private static async Task WaitAsync(ShardedGateway gateway, Func<Task<bool>> done, string what, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (!await done())
        {
            foreach (var shard in Enumerable.Range(0, gateway.ShardCount).Where(s => gateway.MostOpen(s) > 1))
            {
                var holders = gateway.Sessions.Where(s => s.Shard == shard).Select(s => $"{s.Instance} {s.OpenedAt:HH:mm:ss.fff}-{s.ClosedAt:HH:mm:ss.fff}");
                Assert.Fail($"Shard {shard} was held by {gateway.MostOpen(shard)} connections at once: {string.Join(", ", holders)}");
            }

            if (waited.Elapsed > Bound)
            {
                throw new TimeoutException($"Waited {Bound.TotalSeconds:0} s for {what}.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    // Called from an exception filter, so a failure carries every bot's log without catching anything.
    private static bool Describe(Dictionary<string, BotProcess> bots, StringBuilder report)
    {
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine(report.ToString());
        foreach (var (instance, bot) in bots)
        {
            output?.WriteLine($"===== {instance} standard error =====\n{bot.Error}");
        }

        return false;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

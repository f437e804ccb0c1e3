using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Scheduling;
using Dpse.Core.Sending;
using Dpse.Testing;
using Dpse.Testing.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Dpse.Core.Tests.Scheduling;

/// <summary>Commands typed by people drive the scheduler through the real router and handlers (AddDpseCore + AddDpseScheduling).</summary>
public sealed class SchedulingFlowTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60); // only how long a real failure takes to report
    private static readonly Actor Mod = new(new ActorRef(Platforms.Slack, "T1", "U-MOD"), "Mod", IsModerator: true);
    private readonly RecordingMessageSender _slack;
    private readonly RecordingMessageSender _discord;
    private readonly TestExchange _exchange;
    private readonly DeliveryScheduler _scheduler;
    private readonly SchedulerState _state;

    public SchedulingFlowTests()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestExchange.DefaultStart); // Thu 26 Nov 2026 10:00 UTC
        _slack = new RecordingMessageSender(Platforms.Slack, time);
        _discord = new RecordingMessageSender(Platforms.Discord, time) { HonoursNonce = true };
        _exchange = TestExchange.Create(time, services =>
        {
            services.AddDpseScheduling();
            services.AddSingleton<IMessageSender>(_slack);
            services.AddSingleton<IMessageSender>(_discord);
        });
        _scheduler = _exchange.Services.GetRequiredService<DeliveryScheduler>();
        _state = _exchange.Services.GetRequiredService<SchedulerState>();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _scheduler.StartAsync(Ct);
        await _state.WaitForPassAsync(0, Ct).WaitAsync(Bound, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _scheduler.StopAsync(CancellationToken.None);
        _exchange.Dispose();
    }

    private async Task<Reply> RunAsync(string text, Actor? actor = null, ChannelRef? place = null)
    {
        var passes = _state.Passes;
        var reply = await _exchange.RunAsync(text, actor, place);
        Assert.False(reply.IsError, PlainTextRenderer.Render(reply.Message));
        if (!text.StartsWith("event rsvp", StringComparison.Ordinal) && !text.StartsWith("story", StringComparison.Ordinal) && !text.Contains(" dm", StringComparison.Ordinal))
        {
            await _state.WaitForPassAsync(passes, Ct).WaitAsync(Bound, Ct); // the handler signalled the scheduler
        }

        return reply;
    }

    private async Task AdvanceToAsync(DateTimeOffset target)
    {
        while (_state.NextDue is { } due && due <= target)
        {
            var passes = _state.Passes;
            if (due > _exchange.Time.GetUtcNow())
            {
                _exchange.Time.SetUtcNow(due);
            }

            await _state.WaitForPassAsync(passes, Ct).WaitAsync(Bound, Ct);
        }

        _exchange.Time.SetUtcNow(target);
    }

    private static string Render(SentMessage m) => PlainTextRenderer.Render(m.Message);

    [Fact]
    public async Task DigestSubscribe_ThenStoriesFromBothPlatforms_OneDigestAtNineLondonWithBoth()
    {
        await RunAsync("digest subscribe day:monday time:09:00 tz:Europe/London", Mod, TestExchange.DiscordChannel);
        await RunAsync("story share outcome:success title:\"Search rebuild shipped\" summary:\"Solr to Search API\" org:\"Anytown Council\"");
        await RunAsync("story share outcome:failure title:\"Migration stalled\" summary:\"D7 to D10\" lessons:\"Freeze content first\" org:\"Shire Council\" attribution:anonymised", TestExchange.Bob, TestExchange.DiscordChannel);

        await AdvanceToAsync(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

        var digest = Assert.Single(_discord.Posted);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero), digest.At);
        var text = Render(digest);
        Assert.Contains("Search rebuild shipped", text, StringComparison.Ordinal);
        Assert.Contains("Freeze content first", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Shire Council", text, StringComparison.Ordinal);
        Assert.Empty(_slack.Posted);
    }

    [Fact]
    public async Task EventEditAndCancel_FromCommands_SendMovedAndCancelledNoticesAndStopReminders()
    {
        await RunAsync("reminders on", Mod, TestExchange.DiscordChannel);
        await RunAsync("event add title:\"Open Councils\" start:\"2026-12-03 14:00\" tz:Europe/London duration:2h");
        await RunAsync("reminders on dm");
        await RunAsync("event rsvp E-1 going");
        await AdvanceToAsync(new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero));
        Assert.Equal(2, _slack.Posted.Count);   // origin channel and Alice's DM, 24 h before
        Assert.Single(_discord.Posted);         // the Discord channel with reminders on

        await RunAsync("event edit E-1 start:\"2026-12-03 16:00\"");
        var moved = _discord.Posted[^1];
        Assert.StartsWith("Moved: E-1 Open Councils", Render(moved).TrimStart('*', '#', ' '), StringComparison.Ordinal);

        await RunAsync("event cancel E-1 reason:\"Venue flooded\"");
        await AdvanceToAsync(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));

        var channel = _discord.PostedTo(new ChannelTarget(TestExchange.DiscordChannel)).Select(Render).ToList();
        Assert.Equal(3, channel.Count);
        Assert.Contains("Cancelled: E-1 Open Councils", channel[2], StringComparison.Ordinal);
        Assert.Contains("Venue flooded", channel[2], StringComparison.Ordinal);
        Assert.Equal(3, _slack.PostedTo(new DirectTarget(TestExchange.Alice.Ref)).Count);
        Assert.DoesNotContain(_slack.Posted.Concat(_discord.Posted), m => Render(m).Contains("Starting in 1 hour", StringComparison.Ordinal));
    }
}

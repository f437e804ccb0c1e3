using Dpse.Bot.Hosting;
using Dpse.Bot.Http;
using Dpse.Core.Commands;
using Dpse.Core.Deliveries;
using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Scheduling;
using Dpse.Core.Sending;
using Dpse.Testing.Scheduling;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Metrics;

namespace Dpse.Bot.Tests.Http;

/// <summary>
/// <c>GET /metrics</c> on the real host: what an operator scraping it sees move after a command and a delivery, and
/// that no label carries what a person typed or any platform id. Alone in <see cref="MetricsCollection"/>: exact counts
/// need no other host in the process measuring at the same time.
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed class MetricsEndpointTests
{
    private const string TypedTitle = "Quokka parade rehearsal";
    private const string TypedNonsense = "frobnicate-the-wombat";
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero); // Thursday
    private static readonly ChannelRef Place = new(Platforms.Discord, "G-guild-991", "C-channel-424242");
    private static readonly Actor Moderator = new(new ActorRef(Platforms.Discord, "G-guild-991", "U-member-777"), "Zed Typed-Name", IsModerator: true);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Slack(PlatformStub stub) => new()
    {
        ["Dpse:Slack:Enabled"] = "true",
        ["Dpse:Slack:Mode"] = "Http",
        ["Dpse:Slack:BotToken"] = "xoxb-test",
        ["Dpse:Slack:SigningSecret"] = "test-signing-secret",
        ["Dpse:Slack:ApiBaseUrl"] = stub.SlackApiUrl,
    };

    [Fact]
    public async Task Metrics_CommandsAndALateDigestRun_CountersMoveUnderCatalogueLabelsOnly()
    {
        var time = new FakeTimeProvider(Start);
        var discord = new RecordingMessageSender(Platforms.Discord, time);
        await using var stub = await PlatformStub.StartAsync();
        await using var bot = await HttpBot.StartAsync(Slack(stub), services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton<IMessageSender>(discord);
        });
        await bot.PollAsync("/readyz", (status, _) => status == 200);
        var dispatcher = bot.Host.Services.GetRequiredService<ICommandDispatcher>();

        var subscribed = await dispatcher.DispatchTextAsync("digest subscribe day:monday time:09:00 tz:Europe/London", Moderator, Place, false, Ct);
        var shared = await dispatcher.DispatchTextAsync($"story share outcome:success title:\"{TypedTitle}\" summary:\"Webform replaced PDF forms.\"", Moderator, Place, false, Ct);
        var badValue = await dispatcher.DispatchTextAsync($"story share outcome:sideways title:\"{TypedTitle}\" summary:\"x\"", Moderator, Place, false, Ct);
        var unknown = await dispatcher.DispatchTextAsync($"{TypedNonsense} now", Moderator, Place, false, Ct);

        // A digest due a minute from now, sent when the clock is two minutes past it: late by exactly 120 s. The planner
        // only writes records that are due, so the outbox sends any pending record a pass sees; a pass still running
        // from the commands above could send this one at once, not late. Not before its due moment, like a retry.
        var due = Start.AddMinutes(1);
        await bot.Host.Services.GetRequiredService<IDeliveryStore>().TryAddAsync(
            new DeliveryRecord
            {
                Key = DeliveryKeys.Digest(Place, Start.AddDays(-7), due),
                Kind = DeliveryKind.Digest,
                Subject = DeliveryKeys.DigestSubject(Place),
                Target = new ChannelTarget(Place),
                DueAt = due,
                NextAttemptAt = due,
                PeriodStart = Start.AddDays(-7),
                PeriodEnd = due,
                CreatedAt = Start,
                UpdatedAt = Start,
            },
            Ct);
        var waiting = PrometheusScrape.Parse((await bot.PollAsync("/metrics", (_, _) => true)).Body);
        time.Advance(TimeSpan.FromMinutes(3));
        bot.Host.Services.GetRequiredService<IScheduleSignal>().Changed();
        await bot.PollAsync("/metrics", (_, b) => PrometheusScrape.Parse(b).Value("dpse_deliveries_total") >= 1);

        // Scrape once more: a scrape taken while the sender was counting can read the late counter before it moved and
        // the delivery counter after; the late counter moves first, so once a delivery shows, the next scrape has both.
        var (status, body) = await bot.PollAsync("/metrics", (_, _) => true);
        var scrape = PrometheusScrape.Parse(body);

        Assert.Equal(200, status);
        Assert.False(subscribed.IsError);
        Assert.False(shared.IsError);
        Assert.True(badValue.IsError);
        Assert.True(unknown.IsError);
        Assert.Equal(1, scrape.Value("dpse_commands_total", ("command", "digest subscribe"), ("outcome", "ok")));
        Assert.Equal(1, scrape.Value("dpse_commands_total", ("command", "story share"), ("outcome", "ok")));
        Assert.Equal(1, scrape.Value("dpse_commands_total", ("command", "story share"), ("outcome", "refused")));
        Assert.Equal(1, scrape.Value("dpse_commands_total", ("command", "unknown"), ("outcome", "refused")));
        Assert.Equal(4, scrape.Value("dpse_commands_total"));
        Assert.Equal(1, scrape.Value("dpse_command_duration_seconds_count", ("command", "story share"), ("outcome", "ok")));

        var posted = Assert.Single(discord.Calls);
        Assert.Contains(TypedTitle, PlainTextRenderer.Render(posted.Message), StringComparison.Ordinal);
        Assert.Equal(1, scrape.Value("dpse_deliveries_total", ("kind", "digest"), ("platform", "discord"), ("outcome", "sent")));
        Assert.Equal(1, scrape.Value("dpse_deliveries_total"));
        Assert.Equal(1, scrape.Value("dpse_deliveries_late_total", ("kind", "digest"), ("platform", "discord")));
        Assert.Equal(120, scrape.Value("dpse_delivery_lateness_seconds_sum", ("kind", "digest"), ("platform", "discord")));
        Assert.Equal(1, waiting.Value("dpse_outbox_depth"));
        Assert.Equal(0, scrape.Value("dpse_outbox_depth"));
        Assert.Equal(1, scrape.Value("dpse_adapter_connected", ("adapter", Platforms.Slack)));

        string[] typed = [TypedTitle, "Quokka", TypedNonsense, "sideways", Place.Workspace, Place.ChannelId, Moderator.Ref.UserId, Moderator.DisplayName, "Europe/London"];
        Assert.All(scrape.LabelValues, value => Assert.DoesNotContain(typed, t => value.Contains(t, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Build_HttpDisabled_NoMetricsPipelineAndNothingListens()
    {
        using var run = new BotRun();
        var console = new Dpse.Bot.Shell.ShellConsole(new StringReader(""), new StringWriter(), interactive: false);
        using var host = BotHost.Build([], console, runAdapters: true, settings: new Dictionary<string, string?> { ["Dpse:Storage:LiteDb:Path"] = run.DataPath });

        Assert.IsType<NoHttpServer>(host.Services.GetRequiredService<IServer>());
        Assert.Null(host.Services.GetService<MeterProvider>());
    }
}

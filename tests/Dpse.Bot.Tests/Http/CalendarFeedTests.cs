using System.Net;
using Dpse.Core.Commands;
using Dpse.Core.Identity;
using Ical.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using IcalCalendar = Ical.Net.Calendar;

namespace Dpse.Bot.Tests.Http;

/// <summary>GET /calendar.ics and /events/E-n.ics from the running host, read back with Ical.Net as a calendar app would.</summary>
public sealed class CalendarFeedTests
{
    private static readonly Actor Organiser = new(new ActorRef(Platforms.Slack, "T1", "U-ORG"), "Olive Organiser", IsModerator: false);
    private static readonly ChannelRef Channel = new(Platforms.Slack, "T1", "C-EVENTS");

    private static async Task<string> RunAsync(HttpBot bot, string text)
    {
        var reply = await bot.Host.Services.GetRequiredService<ICommandDispatcher>().DispatchTextAsync(text, Organiser, Channel, canOpenForms: false, TestContext.Current.CancellationToken);
        Assert.False(reply.IsError, Core.Messages.PlainTextRenderer.Render(reply.Message));
        return Core.Messages.PlainTextRenderer.Render(reply.Message);
    }

    private static async Task<HttpBot> StartAsync(PlatformStub stub, FakeTimeProvider clock) => await HttpBot.StartAsync(new Dictionary<string, string?>
    {
        ["Dpse:Slack:Enabled"] = "true",
        ["Dpse:Slack:Mode"] = "Http",
        ["Dpse:Slack:BotToken"] = "xoxb-test",
        ["Dpse:Slack:SigningSecret"] = "test-signing-secret",
        ["Dpse:Slack:ApiBaseUrl"] = stub.SlackApiUrl,
        ["Dpse:Http:PublicUrl"] = "https://bot.example.org",
    }, services => services.AddSingleton<TimeProvider>(clock));

    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Feed_EventsEitherSideOfTheClockChange_KeepTheirLocalTimeAndZone()
    {
        var clock = Clock();
        await using var stub = await PlatformStub.StartAsync();
        await using var bot = await StartAsync(stub, clock);
        await RunAsync(bot, "event add title:\"Winter meetup\" start:\"2030-01-15 14:00\" tz:Europe/London duration:2h where:\"Anytown Library\" description:\"Search rebuild lessons\"");
        await RunAsync(bot, "event add title:\"Spring meetup\" start:\"2030-04-02 14:00\" tz:Europe/London duration:90m");

        var response = await bot.Client.GetAsync("/calendar.ics", TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var calendar = IcalCalendar.Load(text)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("BEGIN:VTIMEZONE", text, StringComparison.Ordinal);
        Assert.Equal("Europe/London", Assert.Single(calendar.TimeZones).TzId);
        var winter = calendar.Events.Single(e => e.Summary == "Winter meetup");
        var spring = calendar.Events.Single(e => e.Summary == "Spring meetup");
        Assert.Equal("Europe/London", winter.DtStart!.TzId);
        Assert.Equal(14, winter.DtStart.Value.Hour);
        Assert.Equal(14, spring.DtStart!.Value.Hour);
        Assert.Equal(new DateTime(2030, 1, 15, 14, 0, 0, DateTimeKind.Utc), winter.DtStart.AsUtc);
        Assert.Equal(new DateTime(2030, 4, 2, 13, 0, 0, DateTimeKind.Utc), spring.DtStart.AsUtc);
        Assert.Equal(new DateTime(2030, 4, 2, 15, 30, 0), spring.DtEnd!.Value);
        Assert.Equal("Anytown Library", winter.Location);
        Assert.Equal("Search rebuild lessons", winter.Description);
        Assert.Equal("dpse-event-1@bot.example.org", winter.Uid);
        Assert.Equal(EventStatus.Confirmed, winter.Status);
        Assert.DoesNotContain("Olive", text, StringComparison.Ordinal);
        Assert.DoesNotContain("U-ORG", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feed_CancelledAndEditedEvents_MarkedCancelledAndSequenceRaisedUnderTheSameUid()
    {
        var clock = Clock();
        await using var stub = await PlatformStub.StartAsync();
        await using var bot = await StartAsync(stub, clock);
        await RunAsync(bot, "event add title:\"Open Councils\" start:\"2030-05-14 14:00\" tz:Europe/Paris duration:1h");
        await RunAsync(bot, "event add title:\"Drupal gov day\" start:\"2030-06-01 10:00\" tz:America/New_York duration:1h");
        var before = IcalCalendar.Load(await bot.Client.GetStringAsync("/calendar.ics", TestContext.Current.CancellationToken))!;
        clock.Advance(TimeSpan.FromMinutes(5));
        await RunAsync(bot, "event edit E-1 title:\"Open Councils (moved)\" start:\"2030-05-15 15:00\"");
        await RunAsync(bot, "event cancel E-2 reason:\"Venue closed\"");

        var after = IcalCalendar.Load(await bot.Client.GetStringAsync("/calendar.ics", TestContext.Current.CancellationToken))!;
        var one = IcalCalendar.Load(await bot.Client.GetStringAsync("/events/E-2.ics", TestContext.Current.CancellationToken))!;
        var missing = await bot.Client.GetAsync("/events/E-99.ics", TestContext.Current.CancellationToken);

        var moved = after.Events.Single(e => e.Uid == before.Events.Single(b => b.Summary == "Open Councils").Uid);
        Assert.Equal("Open Councils (moved)", moved.Summary);
        Assert.Equal(15, moved.DtStart!.Value.Hour);
        Assert.Equal("Europe/Paris", moved.DtStart.TzId);
        Assert.True(moved.Sequence > before.Events.Single(b => b.Summary == "Open Councils").Sequence);
        var cancelled = after.Events.Single(e => e.Summary == "Drupal gov day");
        Assert.Equal(EventStatus.Cancelled, cancelled.Status);
        Assert.True(cancelled.Sequence > 0);
        Assert.Equal(EventStatus.Cancelled, Assert.Single(one.Events).Status);
        Assert.Equal(2, after.TimeZones.Count);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}

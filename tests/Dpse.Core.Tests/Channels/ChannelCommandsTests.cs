using Dpse.Core.Commands;
using Dpse.Core.Messages;
using Dpse.Core.Stories;
using Dpse.Core.Tests.Support;
using Dpse.Testing;

namespace Dpse.Core.Tests.Channels;

public sealed class ChannelCommandsTests : IDisposable
{
    private readonly TestExchange _exchange = TestExchange.Create();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _exchange.Dispose();

    [Fact]
    public async Task Subscribe_Defaults_AnnouncesScheduleInChannel()
    {
        var reply = await _exchange.RunAsync("/dpse digest subscribe", TestExchange.Mona);

        Assert.Equal(Visibility.Channel, reply.Visibility);
        Assert.Equal("This channel will get the weekly digest every Monday at 09:00 Europe/London. See it now with /dpse digest preview.", PlainTextRenderer.Render(reply.Message));
        var settings = (await _exchange.Stores.ChannelSettings.GetAsync(TestExchange.SlackChannel, Ct))!;
        Assert.Equal(DayOfWeek.Monday, settings.Digest!.Day);
        Assert.Equal(new TimeOnly(9, 0), settings.Digest.Time);
        Assert.Equal("Europe/London", settings.Digest.TimeZone);
        Assert.Equal(TestExchange.DefaultStart, settings.Digest.Since);
        Assert.Equal("digest.subscribe", Assert.Single(_exchange.Stores.Audit.Entries).Action);
    }

    [Fact]
    public async Task Subscribe_WithFilters_DescribesThem()
    {
        var shown = await _exchange.RunOkAsync("digest subscribe day:Friday time:16:30 tz:america/new_york tags:Solr,search outcomes:failure,abandoned sectors:health", TestExchange.Mona);

        Assert.Equal("This channel will get the weekly digest every Friday at 16:30 America/New_York (only failure, abandoned; tags solr, search; sectors health). See it now with /dpse digest preview.", shown);
        var digest = (await _exchange.Stores.ChannelSettings.GetAsync(TestExchange.SlackChannel, Ct))!.Digest!;
        Assert.Equal([StoryOutcome.Failure, StoryOutcome.Abandoned], digest.Outcomes);
        Assert.Equal(["solr", "search"], digest.Tags);
    }

    [Fact]
    public async Task Subscribe_BadOutcomeInList_IsErrorWithUsage()
    {
        var shown = await _exchange.RunFailingAsync("digest subscribe outcomes:failure,meh", TestExchange.Mona);

        Assert.Equal($"Error: outcomes 'meh' is not one of success, partial, failure, abandoned. Usage: {CommandCatalogue.DigestSubscribe.Usage}", shown);
    }

    [Fact]
    public async Task Subscribe_ByMember_IsRefused()
    {
        var shown = await _exchange.RunFailingAsync("digest subscribe day:monday", TestExchange.Alice);

        Assert.Equal("Error: Only moderators can use /dpse digest subscribe.", shown);
    }

    [Fact]
    public async Task Subscribe_Again_KeepsThePeriodStartAndReplacesTheSchedule()
    {
        await _exchange.RunOkAsync("digest subscribe", TestExchange.Mona);
        _exchange.Time.Advance(TimeSpan.FromDays(2));

        await _exchange.RunOkAsync("digest subscribe day:tuesday", TestExchange.Mona);

        var digest = (await _exchange.Stores.ChannelSettings.GetAsync(TestExchange.SlackChannel, Ct))!.Digest!;
        Assert.Equal(DayOfWeek.Tuesday, digest.Day);
        Assert.Equal(TestExchange.DefaultStart, digest.Since);
    }

    [Fact]
    public async Task Unsubscribe_StopsTheDigestAndAgainIsError()
    {
        await _exchange.RunOkAsync("digest subscribe", TestExchange.Mona);

        var shown = await _exchange.RunOkAsync("digest unsubscribe", TestExchange.Mona);
        var again = await _exchange.RunFailingAsync("digest unsubscribe", TestExchange.Mona);

        Assert.Equal("This channel will no longer get the weekly digest.", shown);
        Assert.Null((await _exchange.Stores.ChannelSettings.GetAsync(TestExchange.SlackChannel, Ct))!.Digest);
        Assert.Equal("Error: This channel has no weekly digest. Start one with /dpse digest subscribe.", again);
    }

    [Fact]
    public async Task Unsubscribe_ByMember_IsRefused()
    {
        await _exchange.RunOkAsync("digest subscribe", TestExchange.Mona);

        var shown = await _exchange.RunFailingAsync("digest unsubscribe", TestExchange.Bob);

        Assert.Equal("Error: Only moderators can use /dpse digest unsubscribe.", shown);
    }

    [Fact]
    public async Task Settings_Unsubscribed_SaysOffAndHowToStart()
    {
        var reply = await _exchange.RunAsync("digest settings", TestExchange.Alice);

        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        Assert.Equal(
            "Settings for this channel\n=========================\n" +
            "Weekly digest: off (moderators: /dpse digest subscribe)\nEvent reminders here: off\nReminder DMs to you: off\nDefault reminders: 24h, 1h before the start",
            PlainTextRenderer.Render(reply.Message));
    }

    [Fact]
    public async Task Settings_Subscribed_ShowsScheduleAndNextDigestWithZone()
    {
        await _exchange.RunOkAsync("digest subscribe", TestExchange.Mona);
        await _exchange.RunOkAsync("reminders on", TestExchange.Mona);
        await _exchange.RunOkAsync("reminders on dm", TestExchange.Alice);

        var shown = await _exchange.RunOkAsync("digest settings", TestExchange.Alice);

        Assert.Contains("Weekly digest: every Monday at 09:00 Europe/London; next Mon 30 Nov 2026, 09:00 GMT (Europe/London)\n", shown, StringComparison.Ordinal);
        Assert.Contains("Event reminders here: on\nReminder DMs to you: on\n", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsAndPreview_StoredZoneUnknown_SayWhyNoDigestIsSentRatherThanAUtcTime()
    {
        await _exchange.RunOkAsync("digest subscribe", TestExchange.Mona);
        var stored = (await _exchange.Stores.ChannelSettings.GetAsync(TestExchange.SlackChannel, CancellationToken.None))!.Digest!;
        var audit = new Dpse.Core.Audit.AuditEntry(_exchange.Time.GetUtcNow(), TestExchange.Mona.Ref, "Mona", "digest.subscribe", TestExchange.SlackChannel.Key);
        await _exchange.Stores.ChannelSettings.SetDigestAsync(TestExchange.SlackChannel, stored with { TimeZone = "Mars/Olympus_Mons" }, _exchange.Time.GetUtcNow(), audit, CancellationToken.None);

        var shown = await _exchange.RunOkAsync("digest settings", TestExchange.Alice);
        var preview = await _exchange.RunAsync("digest preview", TestExchange.Alice);

        Assert.Contains("Weekly digest: every Monday at 09:00 Mars/Olympus_Mons; not sent: the stored time zone 'Mars/Olympus_Mons' is unknown; subscribe again with a zone such as Europe/London\n", shown, StringComparison.Ordinal);
        Assert.True(preview.IsError);
        Assert.Contains("not sent: the stored time zone 'Mars/Olympus_Mons' is unknown", PlainTextRenderer.Render(preview.Message), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_NothingToSay_SaysSo()
    {
        var reply = await _exchange.RunAsync("digest preview", TestExchange.Alice);

        Assert.False(reply.IsError);
        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        Assert.StartsWith("Nothing would be posted: no new stories or celebrations since", PlainTextRenderer.Render(reply.Message), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_ByMember_ShowsWhatTheDigestWouldContainNow()
    {
        await _exchange.ShareAsync("Fresh success", "", TestExchange.Bob);
        await _exchange.RunOkAsync("story share outcome:failure title:\"Quiet failure\" summary:S lessons:\"Test earlier.\" org:\"Anytown Council\" attribution:anonymised", TestExchange.Alice);
        await _exchange.RunOkAsync("event add title:\"Open Councils\" start:\"2026-12-03 14:00\" tz:Europe/London", TestExchange.Alice);
        _exchange.Time.Advance(TimeSpan.FromMinutes(1));

        var reply = await _exchange.RunAsync("digest preview", TestExchange.Bob, TestExchange.DiscordChannel);
        var shown = PlainTextRenderer.Render(reply.Message);

        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        Assert.StartsWith("  Preview with the default schedule", shown, StringComparison.Ordinal);
        Assert.Contains("Fresh success", shown, StringComparison.Ordinal);
        Assert.Contains("Quiet failure", shown, StringComparison.Ordinal);
        Assert.Contains("Test earlier.", shown, StringComparison.Ordinal);
        Assert.Contains("Open Councils", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Anytown", shown, StringComparison.Ordinal);
        Assert.Equal(3, _exchange.Stores.Audit.Entries.Count);
    }

    [Theory]
    [InlineData("reminders on")]
    [InlineData("reminders on channel")]
    [InlineData("reminders off")]
    public async Task Reminders_ChannelByMember_IsRefusedWithTheDmHint(string text)
    {
        var word = text.Split(' ')[1];

        var shown = await _exchange.RunFailingAsync(text, TestExchange.Alice);

        Assert.Equal($"Error: Only moderators can turn channel reminders {word}. For yourself, use /dpse reminders {word} dm.", shown);
    }

    [Fact]
    public async Task Reminders_ChannelByModerator_TurnsOnAndOff()
    {
        var on = await _exchange.RunAsync("reminders on channel", TestExchange.Mona);

        Assert.Equal(Visibility.Channel, on.Visibility);
        Assert.Equal("This channel will get a reminder 24h and 1h before every event.", PlainTextRenderer.Render(on.Message));
        Assert.True((await _exchange.Stores.ChannelSettings.GetAsync(TestExchange.SlackChannel, Ct))!.RemindersOn);

        var off = await _exchange.RunOkAsync("reminders off", TestExchange.Mona);

        Assert.Equal("This channel will no longer get event reminders.", off);
        Assert.False((await _exchange.Stores.ChannelSettings.GetAsync(TestExchange.SlackChannel, Ct))!.RemindersOn);
    }

    [Fact]
    public async Task Reminders_DmByAnyone_SavesTheirOwnSetting()
    {
        var on = await _exchange.RunAsync("reminders on dm", TestExchange.Alice);

        Assert.Equal(Visibility.OnlyInvoker, on.Visibility);
        Assert.Equal("You will get a direct message before events you answered going or interested.", PlainTextRenderer.Render(on.Message));
        Assert.True((await _exchange.Stores.MemberSettings.GetAsync(TestExchange.Alice.Ref, Ct))!.ReminderDirectMessages);
        Assert.Null(await _exchange.Stores.MemberSettings.GetAsync(TestExchange.Bob.Ref, Ct));
        Assert.Null(await _exchange.Stores.ChannelSettings.GetAsync(TestExchange.SlackChannel, Ct));

        var off = await _exchange.RunOkAsync("reminders off dm", TestExchange.Alice);

        Assert.Equal("You will no longer get reminder direct messages.", off);
        Assert.False((await _exchange.Stores.MemberSettings.GetAsync(TestExchange.Alice.Ref, Ct))!.ReminderDirectMessages);
    }
}

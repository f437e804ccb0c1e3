using System.Text.Json;
using Dpse.Core.Deliveries;
using Dpse.Core.Exporting;
using Dpse.Core.Messages;
using Dpse.Core.Privacy;
using Dpse.Core.Sending;
using Dpse.Core.Tests.Support;
using Dpse.Testing;

namespace Dpse.Core.Tests.Privacy;

public sealed class PrivacyCommandsTests : IDisposable
{
    private readonly TestExchange _exchange = TestExchange.Create();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _exchange.Dispose();

    /// <summary>Alice shares S-1 and organises E-2; Bob shares S-2 and organises E-1; Alice celebrates S-2, answers E-1 and wants DMs.</summary>
    private async Task SeedAsync()
    {
        await _exchange.RunOkAsync("story share outcome:failure title:\"Search rebuild\" summary:\"Solr.\" org:\"Anytown Council\"", TestExchange.Alice);
        await _exchange.RunOkAsync("story share outcome:success title:\"Forms\" summary:\"Webforms.\"", TestExchange.Bob);
        await _exchange.RunOkAsync("story celebrate S-2", TestExchange.Alice);
        await _exchange.RunOkAsync("story celebrate S-1", TestExchange.Bob);
        await _exchange.RunOkAsync("event add title:\"Open Councils\" start:\"2026-12-03 14:00\"", TestExchange.Bob);
        await _exchange.RunOkAsync("event add title:\"Drupal surgery\" start:\"2026-12-10 14:00\"", TestExchange.Alice);
        await _exchange.RunOkAsync("event rsvp E-1 going", TestExchange.Alice);
        await _exchange.RunOkAsync("event rsvp E-2 interested", TestExchange.Bob);
        await _exchange.RunOkAsync("reminders on dm", TestExchange.Alice);
        await _exchange.RunOkAsync("reminders on dm", TestExchange.Bob);
    }

    [Fact]
    public async Task Export_ContainsMyStoriesCelebrationsEventsRsvpsSettingsAndAudit()
    {
        await SeedAsync();

        var reply = await _exchange.RunAsync("/dpse me export", TestExchange.Alice);

        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        Assert.Equal("Everything the exchange holds about you: dpse-me-20261126.json.", PlainTextRenderer.Render(reply.Message));
        using var json = JsonDocument.Parse(reply.Attachment!.Content);
        var root = json.RootElement;
        Assert.Equal("U-ALICE", root.GetProperty("person").GetProperty("userId").GetString());
        Assert.Equal("Alice", root.GetProperty("displayName").GetString());
        var authored = Assert.Single(root.GetProperty("storiesAuthored").EnumerateArray());
        Assert.Equal("Search rebuild", authored.GetProperty("title").GetString());
        Assert.Equal("Anytown Council", authored.GetProperty("organisation").GetString());
        var celebrated = Assert.Single(root.GetProperty("storiesCelebrated").EnumerateArray());
        Assert.Equal("S-2", celebrated.GetProperty("story").GetString());
        var organised = Assert.Single(root.GetProperty("eventsOrganised").EnumerateArray());
        Assert.Equal("Drupal surgery", organised.GetProperty("title").GetString());
        var rsvp = Assert.Single(root.GetProperty("rsvps").EnumerateArray());
        Assert.Equal(("E-1", "going"), (rsvp.GetProperty("event").GetString(), rsvp.GetProperty("status").GetString()));
        Assert.True(root.GetProperty("settings").GetProperty("reminderDirectMessages").GetBoolean());
        Assert.Equal(5, root.GetProperty("auditEntries").GetArrayLength());
        Assert.DoesNotContain("Webforms", reply.Attachment.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_NothingHeld_IsEmptyNotError()
    {
        var reply = await _exchange.RunAsync("me export", TestExchange.Bob);

        Assert.False(reply.IsError);
        using var json = JsonDocument.Parse(reply.Attachment!.Content);
        Assert.Equal(0, json.RootElement.GetProperty("storiesAuthored").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("rsvps").GetArrayLength());
    }

    [Fact]
    public async Task Forget_WithConfirm_RemovesTheRecordOfRemindersSentToMe()
    {
        var start = _exchange.Time.GetUtcNow().AddDays(3);
        DeliveryRecord Reminder(Dpse.Core.Identity.ActorRef person) => new()
        {
            Key = DeliveryKeys.Reminder(1, start, TimeSpan.FromHours(24), new DirectTarget(person)),
            Kind = DeliveryKind.Reminder,
            Subject = DeliveryKeys.EventSubject(1),
            Target = new DirectTarget(person),
            DueAt = start.AddHours(-24),
            EventNumber = 1,
            EventStart = start,
            Offset = TimeSpan.FromHours(24),
            Status = DeliveryStatus.Sent,
            CreatedAt = start,
            UpdatedAt = start,
        };
        await _exchange.Deliveries.TryAddAsync(Reminder(TestExchange.Alice.Ref), Ct);
        await _exchange.Deliveries.TryAddAsync(Reminder(TestExchange.Bob.Ref), Ct);

        await _exchange.RunAsync("me forget confirm:yes", TestExchange.Alice);

        var left = Assert.Single(_exchange.Deliveries.All);
        Assert.Equal(new DirectTarget(TestExchange.Bob.Ref), left.Target);
    }

    [Fact]
    public async Task Forget_WithoutConfirm_ExplainsAndChangesNothing()
    {
        await SeedAsync();
        var before = await ExchangeState.CaptureAsync(_exchange);
        var members = await _exchange.Stores.MemberSettings.GetAsync(TestExchange.Alice.Ref, Ct);

        var reply = await _exchange.RunAsync("me forget", TestExchange.Alice);

        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        Assert.Equal(Tone.Warning, reply.Message.Tone);
        Assert.Equal(
            "Erase what the exchange holds about you?\n========================================\n" +
            "1 stories you shared and 1 events you organise will show \"a former member\" instead of you; your 1 celebrations, 1 RSVPs, your settings and the record of reminders sent to you " +
            "will be removed, and your name taken out of the audit log. This cannot be undone. To go ahead: /dpse me forget confirm:yes",
            PlainTextRenderer.Render(reply.Message));
        Assert.Equal(before, await ExchangeState.CaptureAsync(_exchange));
        Assert.Equal(members, await _exchange.Stores.MemberSettings.GetAsync(TestExchange.Alice.Ref, Ct));
    }

    [Fact]
    public async Task Forget_Confirmed_RemovesMyNameEverywhereAndKeepsTheStories()
    {
        await SeedAsync();

        var shown = await _exchange.RunOkAsync("/dpse me forget confirm:yes", TestExchange.Alice);

        Assert.Equal("Done. 1 stories and 1 events no longer name you; 1 celebrations and 1 RSVPs removed; 5 audit entries anonymised.", shown);
        var everything = await EverythingAsync();
        Assert.DoesNotContain("Alice", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("U-ALICE", everything, StringComparison.Ordinal);

        var story = (await _exchange.Stores.Stories.GetAsync(1, Ct))!;
        Assert.Equal(PrivacyCommands.FormerMember, story.AuthorName);
        Assert.Equal("erased", story.Author.Platform);
        Assert.Single(story.Celebrations);
        Assert.Empty((await _exchange.Stores.Stories.GetAsync(2, Ct))!.Celebrations);
        Assert.Empty((await _exchange.Stores.Events.GetAsync(1, Ct))!.Rsvps);
        var organised = (await _exchange.Stores.Events.GetAsync(2, Ct))!;
        Assert.Equal(PrivacyCommands.FormerMember, organised.OrganiserName);
        Assert.Single(organised.Rsvps);
        Assert.Null(await _exchange.Stores.MemberSettings.GetAsync(TestExchange.Alice.Ref, Ct));
        Assert.NotNull(await _exchange.Stores.MemberSettings.GetAsync(TestExchange.Bob.Ref, Ct));
        Assert.Contains("Shared by a former member on", await _exchange.RunOkAsync("story show S-1", TestExchange.Bob), StringComparison.Ordinal);
        Assert.DoesNotContain("Alice", await _exchange.RunOkAsync("mod audit limit:50", TestExchange.Mona), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forget_Confirmed_ThenExportHoldsNothingAndAgainIsHarmless()
    {
        await SeedAsync();
        await _exchange.RunOkAsync("me forget confirm:yes", TestExchange.Alice);

        var again = await _exchange.RunOkAsync("me forget confirm:yes", TestExchange.Alice);
        var export = await _exchange.RunAsync("me export", TestExchange.Alice);

        Assert.StartsWith("Done. 0 stories and 0 events no longer name you; 0 celebrations and 0 RSVPs removed;", again, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(export.Attachment!.Content);
        Assert.Equal(0, json.RootElement.GetProperty("storiesAuthored").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("storiesCelebrated").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("rsvps").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("auditEntries").GetArrayLength());
    }

    [Fact]
    public async Task Forget_Confirmed_LeavesOtherPeopleAlone()
    {
        await SeedAsync();

        await _exchange.RunOkAsync("me forget confirm:yes", TestExchange.Alice);

        var story = (await _exchange.Stores.Stories.GetAsync(2, Ct))!;
        Assert.Equal(("Bob", TestExchange.Bob.Ref), (story.AuthorName, story.Author));
        Assert.Contains(_exchange.Stores.Audit.Entries, e => e.Actor == TestExchange.Bob.Ref && e.ActorName == "Bob");
    }

    private async Task<string> EverythingAsync()
    {
        var stories = await _exchange.Stores.Stories.ListAllAsync(Ct);
        var events = await _exchange.Stores.Events.ListAllAsync(Ct);
        var channels = await _exchange.Stores.ChannelSettings.ListActiveAsync(Ct);
        return ExchangeJson.Serialize(new { stories, events, channels, audit = _exchange.Stores.Audit.Entries });
    }
}

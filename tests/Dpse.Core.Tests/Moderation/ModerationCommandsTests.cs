using Dpse.Core.Events;
using Dpse.Core.Exporting;
using Dpse.Core.Messages;
using Dpse.Core.Stories;
using Dpse.Core.Tests.Support;
using Dpse.Testing;

namespace Dpse.Core.Tests.Moderation;

public sealed class ModerationCommandsTests : IDisposable
{
    private readonly TestExchange _exchange = TestExchange.Create();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _exchange.Dispose();

    [Fact]
    public async Task Hide_Story_HidesAndAuditsTheReason()
    {
        await _exchange.ShareAsync("Spammy");

        var reply = await _exchange.RunAsync("/dpse mod hide S-1 reason:\"advertising\"", TestExchange.Mona);

        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        Assert.Equal("Hid S-1 · Spammy. Members no longer see it in search, lists or digests.", PlainTextRenderer.Render(reply.Message));
        Assert.Equal(ContentStatus.Hidden, (await _exchange.Stores.Stories.GetAsync(1, Ct))!.Status);
        var entry = _exchange.Stores.Audit.Entries[^1];
        Assert.Equal(("mod.hide", "S-1", "advertising", TestExchange.Mona.Ref), (entry.Action, entry.Target, entry.Detail, entry.Actor));
    }

    [Fact]
    public async Task Restore_HiddenOrDeletedStory_MakesItVisibleAgain()
    {
        await _exchange.ShareAsync("Back again");
        await _exchange.ShareAsync("Deleted one");
        await _exchange.RunOkAsync("mod hide S-1", TestExchange.Mona);
        await _exchange.RunOkAsync("story delete S-2", TestExchange.Alice);

        var restored = await _exchange.RunOkAsync("mod restore s1", TestExchange.Mona);
        await _exchange.RunOkAsync("mod restore S-2", TestExchange.Mona);

        Assert.Equal("Restored S-1 · Back again. Members can see it again.", restored);
        Assert.Contains("S-1 · Back again", await _exchange.RunOkAsync("story show S-1", TestExchange.Bob), StringComparison.Ordinal);
        Assert.Contains("S-2 · Deleted one", await _exchange.RunOkAsync("story show S-2", TestExchange.Bob), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HideAndRestore_Event_TogglesVisibility()
    {
        await _exchange.RunOkAsync("event add title:\"Open Councils\" start:\"2026-12-03 14:00\"");

        var hid = await _exchange.RunOkAsync("mod hide E-1", TestExchange.Mona);
        var hiddenForBob = await _exchange.RunFailingAsync("event show E-1", TestExchange.Bob);
        var restored = await _exchange.RunOkAsync("mod restore E-1", TestExchange.Mona);

        Assert.Equal("Hid E-1 · Open Councils. Members no longer see it in search, lists or digests.", hid);
        Assert.Equal("Error: E-1 was not found. See upcoming events with /dpse event list.", hiddenForBob);
        Assert.Equal("Restored E-1 · Open Councils. Members can see it again.", restored);
        Assert.Equal(ContentStatus.Published, (await _exchange.Stores.Events.GetAsync(1, Ct))!.Status);
    }

    [Theory]
    [InlineData("mod hide S-9", "Error: S-9 was not found.")]
    [InlineData("mod hide E-9", "Error: E-9 was not found.")]
    [InlineData("mod restore S-1", "Error: S-1 is already visible.")]
    [InlineData("mod restore E-1", "Error: E-1 is already visible.")]
    public async Task HideOrRestore_MissingOrAlreadyThere_IsError(string text, string error)
    {
        await _exchange.ShareAsync("Visible");
        await _exchange.RunOkAsync("event add title:E start:\"2026-12-03 14:00\"");

        Assert.Equal(error, await _exchange.RunFailingAsync(text, TestExchange.Mona));
    }

    [Fact]
    public async Task Hide_Twice_IsError()
    {
        await _exchange.ShareAsync("Once");
        await _exchange.RunOkAsync("mod hide S-1", TestExchange.Mona);

        Assert.Equal("Error: S-1 is already hidden.", await _exchange.RunFailingAsync("mod hide S-1", TestExchange.Mona));
    }

    [Fact]
    public async Task Audit_ShowsLatestChangesNewestFirstWithWhoAndWhere()
    {
        await _exchange.ShareAsync("Audited");
        _exchange.Time.Advance(TimeSpan.FromMinutes(5));
        await _exchange.RunOkAsync("story edit S-1 title:\"Audited twice\"", TestExchange.Alice);
        await _exchange.RunOkAsync("story celebrate S-1", TestExchange.Bob);

        var reply = await _exchange.RunAsync("mod audit", TestExchange.Mona);

        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        Assert.Equal(
            "Latest changes\n==============\n" +
            "2026-11-26 10:05 story.celebrate S-1 by Bob (discord)\n" +
            "2026-11-26 10:05 story.edit S-1 by Alice (slack): title\n" +
            "2026-11-26 10:00 story.share S-1 by Alice (slack)\n" +
            "  Times in UTC, newest first.",
            PlainTextRenderer.Render(reply.Message));
    }

    [Fact]
    public async Task Audit_OneItemWithLimit_ShowsOnlyItsNewest()
    {
        await _exchange.ShareAsync("First");
        await _exchange.ShareAsync("Second");
        await _exchange.RunOkAsync("story edit S-1 title:Changed", TestExchange.Alice);

        var shown = await _exchange.RunOkAsync("mod audit S-1 limit:1", TestExchange.Mona);

        Assert.StartsWith("Changes to S-1\n", shown, StringComparison.Ordinal);
        Assert.Contains("story.edit S-1", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("story.share", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_Empty_SaysSo()
    {
        var shown = await _exchange.RunOkAsync("mod audit E-4", TestExchange.Mona);

        Assert.Equal("Changes to E-4\n==============\nNo changes recorded.", shown);
    }

    [Fact]
    public async Task Export_RoundTripsEveryStoryAndEvent()
    {
        await _exchange.RunOkAsync("story share outcome:failure title:\"Search rebuild\" summary:\"Solr.\" org:\"Anytown Council\" attribution:anonymised org-type:\"a council\" tags:solr,search modules:search_api links:https://example.org/a lessons:\"Index early.\"", TestExchange.Alice);
        await _exchange.ShareAsync("Hidden later", "", TestExchange.Bob);
        await _exchange.RunOkAsync("story celebrate S-1", TestExchange.Bob);
        await _exchange.RunOkAsync("mod hide S-2", TestExchange.Mona);
        await _exchange.RunOkAsync("event add title:\"Open Councils\" start:\"2027-07-01 14:00\" tz:Europe/London duration:90m reminders:24h,1h where:Leeds", TestExchange.Alice);
        await _exchange.RunOkAsync("event rsvp E-1 going", TestExchange.Bob);
        var auditBefore = _exchange.Stores.Audit.Entries.Count;

        var reply = await _exchange.RunAsync("mod export", TestExchange.Mona);

        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        Assert.Equal("Export of 2 stories and 1 events: dpse-export-20261126-1000.json. It includes the real organisations of anonymised stories: keep it private.", PlainTextRenderer.Render(reply.Message));
        Assert.NotNull(reply.Attachment);
        Assert.Equal("dpse-export-20261126-1000.json", reply.Attachment.FileName);
        var (export, error) = ExchangeJson.Read(reply.Attachment.Content);
        Assert.Null(error);
        Assert.Equal(TestExchange.DefaultStart, export!.ExportedAt);
        var stories = await _exchange.Stores.Stories.ListAllAsync(Ct);
        var events = await _exchange.Stores.Events.ListAllAsync(Ct);
        Assert.Equal(ExchangeJson.Serialize(stories), ExchangeJson.Serialize(export.Stories));
        Assert.Equal(ExchangeJson.Serialize(events), ExchangeJson.Serialize(export.Events));
        AssertSameStory(stories[0], export.Stories[0]);
        AssertSameEvent(events[0], export.Events[0]);
        Assert.Equal(ContentStatus.Hidden, export.Stories[1].Status);
        var entry = _exchange.Stores.Audit.Entries[^1];
        Assert.Equal(auditBefore + 1, _exchange.Stores.Audit.Entries.Count);
        Assert.Equal(("mod.export", "exchange", "2 stories, 1 events"), (entry.Action, entry.Target, entry.Detail));
    }

    private static void AssertSameStory(Story expected, Story actual)
    {
        // The store's version is a concurrency token, not part of the export.
        Assert.Equal(expected with { Modules = [], Tags = [], Links = [], Celebrations = [] }, actual with { Modules = [], Tags = [], Links = [], Celebrations = [], Version = expected.Version });
        Assert.Equal(expected.Modules, actual.Modules);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.Links, actual.Links);
        Assert.Equal(expected.Celebrations, actual.Celebrations);
        Assert.Equal("Anytown Council", actual.Organisation);
        Assert.Equal(Attribution.Anonymised, actual.Attribution);
    }

    private static void AssertSameEvent(CommunityEvent expected, CommunityEvent actual)
    {
        Assert.Equal(expected with { Rsvps = [], ReminderOffsets = null }, actual with { Rsvps = [], ReminderOffsets = null, Version = expected.Version });
        Assert.Equal(expected.Rsvps, actual.Rsvps);
        Assert.Equal(expected.ReminderOffsets, actual.ReminderOffsets);
        Assert.Equal(new DateTimeOffset(2027, 7, 1, 13, 0, 0, TimeSpan.Zero), actual.StartUtc);
        Assert.Equal(TimeSpan.FromMinutes(90), actual.Duration);
    }
}

using Dpse.Core.Tests.Support;
using Dpse.Testing;

namespace Dpse.Core.Tests.Stories;

/// <summary>An optional story or event field typed empty in an edit (<c>lessons:""</c>) is cleared; a required one is refused.</summary>
public sealed class FieldClearingTests : IDisposable
{
    private readonly TestExchange _exchange = TestExchange.Create();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _exchange.Dispose();

    [Fact]
    public async Task StoryEdit_OptionalFieldsTypedEmpty_AreCleared()
    {
        await _exchange.RunOkAsync("story share outcome:failure title:Search summary:Solr. lessons:\"Index early.\" tags:search,solr sector:\"local government\"");

        var shown = await _exchange.RunOkAsync("story edit S-1 lessons:\"\" tags:\"\" sector:\"\"");

        Assert.Contains("Updated S-1: ", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Index early.", shown, StringComparison.Ordinal);
        var story = (await _exchange.Stores.Stories.GetAsync(1, Ct))!;
        Assert.Equal(((string?)null, 0, (string?)null, "Search"), (story.Lessons, story.Tags.Count, story.Sector, story.Title));
        var entry = _exchange.Stores.Audit.Entries[^1];
        Assert.Equal("story.edit", entry.Action);
        Assert.Equal(["lessons", "sector", "tags"], entry.Detail!.Split(", ").Order());
    }

    [Theory]
    [InlineData("title")]
    [InlineData("summary")]
    [InlineData("outcome")]
    public async Task StoryEdit_RequiredFieldTypedEmpty_IsRefusedAndNothingChanges(string field)
    {
        await _exchange.RunOkAsync("story share outcome:failure title:Search summary:Solr.");

        var shown = await _exchange.RunFailingAsync($"story edit S-1 {field}:\"\"");

        Assert.StartsWith($"Error: {field} can't be empty: every story has one. Give a new value instead.", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventEdit_WhereDescriptionAndRemindersTypedEmpty_AreCleared()
    {
        await _exchange.RunOkAsync("event add title:\"Open Councils\" start:\"2026-12-03 14:00\" where:\"Civic Hall\" description:\"Bring lunch.\" reminders:2h");

        await _exchange.RunOkAsync("event edit E-1 where:\"\" description:\"\" reminders:\"\"");

        var ev = (await _exchange.Stores.Events.GetAsync(1, Ct))!;
        Assert.Equal(((string?)null, (string?)null, (IReadOnlyList<TimeSpan>?)null, "Open Councils"), (ev.Location, ev.Description, ev.ReminderOffsets, ev.Title));
    }

    [Fact]
    public async Task EventEdit_TitleTypedEmpty_IsRefused()
    {
        await _exchange.RunOkAsync("event add title:\"Open Councils\" start:\"2026-12-03 14:00\"");

        var shown = await _exchange.RunFailingAsync("event edit E-1 title:\"\"");

        Assert.StartsWith("Error: title can't be empty: every event has one.", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoryShare_OptionalFieldTypedEmpty_IsSimplyNotGiven()
    {
        await _exchange.RunOkAsync("story share outcome:success title:Forms summary:Webforms. lessons:\"\"");

        Assert.Null((await _exchange.Stores.Stories.GetAsync(1, Ct))!.Lessons);
    }
}

using Dpse.Core.Commands;
using Dpse.Core.Tests.Support;
using Dpse.Testing;

namespace Dpse.Core.Tests.Commands;

public sealed class CompletionSourceTests : IDisposable
{
    private readonly TestExchange _exchange = TestExchange.Create();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _exchange.Dispose();

    [Fact]
    public async Task Story_ByTitleWordOrId_SuggestsVisibleStories()
    {
        await _exchange.ShareAsync("Solr rebuild", "tags:solr");
        await _exchange.ShareAsync("Webform launch", "tags:webform");
        await _exchange.ShareAsync("Solr hidden", "tags:solr");
        await _exchange.RunOkAsync("mod hide S-3", TestExchange.Mona);

        var byWord = await _exchange.Completions.CompleteAsync(CommandCatalogue.StoryShow, "story", "solr", TestExchange.Bob, Ct);
        var byId = await _exchange.Completions.CompleteAsync(CommandCatalogue.StoryShow, "story", "S-2", TestExchange.Bob, Ct);
        var hiddenById = await _exchange.Completions.CompleteAsync(CommandCatalogue.StoryShow, "story", "3", TestExchange.Bob, Ct);

        Assert.Equal([new Completion("S-1 · Solr rebuild", "S-1")], byWord);
        Assert.Equal(new Completion("S-2 · Webform launch", "S-2"), byId[0]);
        Assert.DoesNotContain(hiddenById, c => c.Value == "S-3");
    }

    [Fact]
    public async Task Tags_ByPrefix_MostUsedFirst()
    {
        await _exchange.ShareAsync("One", "tags:search,solr");
        await _exchange.ShareAsync("Two", "tags:solr");
        await _exchange.ShareAsync("Three", "tags:security");

        var tags = await _exchange.Completions.CompleteAsync(CommandCatalogue.StoryShare, "tags", "s", TestExchange.Bob, Ct);

        Assert.Equal("solr", tags[0].Value);
        Assert.Equal(3, tags.Count);
    }

    [Fact]
    public async Task Event_ByTitle_SuggestsUpcoming()
    {
        await _exchange.RunOkAsync("event add title:\"Open Councils\" start:\"2026-12-03 14:00\"");
        await _exchange.RunOkAsync("event add title:\"Drupal surgery\" start:\"2026-12-04 14:00\"");

        var found = await _exchange.Completions.CompleteAsync(CommandCatalogue.EventRsvp, "event", "councils", TestExchange.Bob, Ct);

        Assert.Equal([new Completion("E-1 · Open Councils", "E-1")], found);
    }

    [Theory]
    [InlineData("story share", "title")]
    [InlineData("story show", "nope")]
    public async Task NotAutocompleted_SuggestsNothing(string path, string option)
    {
        await _exchange.ShareAsync("Solr");

        Assert.Empty(await _exchange.Completions.CompleteAsync(CommandCatalogue.Find(path)!, option, "s", TestExchange.Bob, Ct));
    }

    [Fact]
    public async Task LongPartial_DoesNotThrowAndLabelsFitOneHundred()
    {
        await _exchange.ShareAsync(new string('w', 120));

        var found = await _exchange.Completions.CompleteAsync(CommandCatalogue.StoryShow, "story", new string('w', 500), TestExchange.Bob, Ct);

        Assert.All(found, c => Assert.InRange(c.Label.Length, 1, 100));
    }
}

using Dpse.Core.Identity;
using Dpse.Core.Search;
using Dpse.Core.Stories;
using Dpse.Testing;

namespace Dpse.Core.Tests.Search;

public sealed class StorySearchIndexTests
{
    private static readonly DateTimeOffset T0 = TestExchange.DefaultStart;

    private readonly StorySearchIndex _index = new();
    private int _next;

    private Story Add(string title, string summary = "Nothing special.", int minutes = 0, Func<Story, Story>? shape = null)
    {
        var story = new Story
        {
            Number = ++_next,
            Outcome = StoryOutcome.Success,
            Title = title,
            Summary = summary,
            Author = TestExchange.Alice.Ref,
            AuthorName = "Alice",
            CreatedAt = T0.AddMinutes(minutes),
            UpdatedAt = T0.AddMinutes(minutes),
        };
        story = shape?.Invoke(story) ?? story;
        _index.Add(story);
        return story;
    }

    private IReadOnlyList<int> Search(string? text, Actor? viewer = null, Func<StoryQuery, StoryQuery>? shape = null, int page = 1, int size = 10)
    {
        var query = new StoryQuery { Text = text, Viewer = viewer ?? TestExchange.Bob, Page = page, PageSize = size };
        return _index.Search(shape?.Invoke(query) ?? query).Numbers;
    }

    [Fact]
    public void Search_TitleHit_RanksAboveBodyHit()
    {
        Add("Unrelated", minutes: 5, shape: s => s with { Lessons = "Our solr cores fell over." });
        Add("Solr migration", minutes: 0);

        Assert.Equal([2, 1], Search("solr"));
    }

    [Fact]
    public void Search_TagHit_RanksAboveSummaryHit()
    {
        Add("One", summary: "We used elasticsearch.", minutes: 5);
        Add("Two", minutes: 0, shape: s => s with { Tags = ["elasticsearch"] });

        Assert.Equal([2, 1], Search("elasticsearch"));
    }

    [Fact]
    public void Search_FieldWeights_TitleAboveOrganisationAboveSummaryAboveBody()
    {
        Add("A", minutes: 40, shape: s => s with { Context = "Drupal gov" });
        Add("B", summary: "Drupal gov", minutes: 30);
        Add("C", minutes: 20, shape: s => s with { Modules = ["drupal_gov"] });
        Add("Drupal gov", minutes: 10);

        Assert.Equal([4, 3, 2, 1], Search("drupal gov"));
    }

    [Fact]
    public void Search_EqualScores_NewerFirst()
    {
        Add("Webform rebuild", minutes: 0);
        Add("Webform launch", minutes: 10);
        Add("Webform audit", minutes: 5);

        Assert.Equal([2, 3, 1], Search("webform"));
    }

    [Fact]
    public void Search_SameCreatedTime_HigherNumberFirst()
    {
        Add("Webform one");
        Add("Webform two");

        Assert.Equal([2, 1], Search("webform"));
    }

    [Fact]
    public void Search_EveryWordMustMatch()
    {
        Add("Council search rebuild");
        Add("Council website");
        Add("Search only");

        Assert.Equal([1], Search("council search"));
        Assert.Empty(Search("council kubernetes"));
    }

    [Fact]
    public void Search_PluralsAndAccentsAndCase_Fold()
    {
        Add("Councils and cafés", summary: "MIGRATIONS");

        Assert.Equal([1], Search("council"));
        Assert.Equal([1], Search("COUNCILS"));
        Assert.Equal([1], Search("cafe"));
        Assert.Equal([1], Search("migration"));
    }

    [Fact]
    public void Search_ScoreSumsAcrossWords()
    {
        Add("Solr", summary: "council", minutes: 10);
        Add("Solr council", minutes: 0);

        Assert.Equal([2, 1], Search("solr council"));
    }

    [Fact]
    public void Search_Filters_NarrowResults()
    {
        Add("Solr one", shape: s => s with { Outcome = StoryOutcome.Failure, Tags = ["search"], Sector = "Health", Organisation = "St Elsewhere Trust" });
        Add("Solr two", shape: s => s with { Outcome = StoryOutcome.Success, Tags = ["solr"], Sector = "local government", Organisation = "Anytown Council" });

        Assert.Equal([1], Search("solr", shape: q => q with { Outcome = StoryOutcome.Failure }));
        Assert.Equal([1], Search("solr", shape: q => q with { Tag = "Search" }));
        Assert.Equal([1], Search("solr", shape: q => q with { Sector = " health " }));
        Assert.Equal([2], Search("solr", shape: q => q with { Organisation = "anytown" }));
        Assert.Equal([2], Search(null, shape: q => q with { Organisation = "council" }));
        Assert.Equal([2], Search(null, shape: q => q with { Author = TestExchange.Alice.Ref, Tag = "solr" }));
        Assert.Empty(Search(null, shape: q => q with { Author = TestExchange.Bob.Ref }));
    }

    [Fact]
    public void Search_Paging_ReturnsThePageAndTheTotal()
    {
        for (var i = 0; i < 12; i++)
        {
            Add($"Webform {i}", minutes: i);
        }

        var (first, total) = _index.Search(new StoryQuery { Text = "webform", Page = 1, PageSize = 5 });
        var (third, _) = _index.Search(new StoryQuery { Text = "webform", Page = 3, PageSize = 5 });
        var (beyond, beyondTotal) = _index.Search(new StoryQuery { Text = "webform", Page = 4, PageSize = 5 });
        var (listed, listTotal) = _index.Search(new StoryQuery { Page = 2, PageSize = 5 });

        Assert.Equal(12, total);
        Assert.Equal([12, 11, 10, 9, 8], first);
        Assert.Equal([2, 1], third);
        Assert.Empty(beyond);
        Assert.Equal(12, beyondTotal);
        Assert.Equal([7, 6, 5, 4, 3], listed);
        Assert.Equal(12, listTotal);
    }

    [Fact]
    public void List_NoText_IsNewestFirst()
    {
        Add("Old", minutes: 0);
        Add("Newest", minutes: 20);
        Add("Middle", minutes: 10);

        Assert.Equal([2, 3, 1], Search(null));
        Assert.Equal([2, 3, 1], Search("  ,, "));
    }

    [Fact]
    public void Search_HiddenAndDeleted_OnlyForModeratorsAskingForThem()
    {
        Add("Drupal hidden", shape: s => s with { Status = ContentStatus.Hidden });
        Add("Drupal deleted", shape: s => s with { Status = ContentStatus.Deleted });
        Add("Drupal shown");

        Assert.Equal([3], Search("drupal"));
        Assert.Equal([3], Search("drupal", TestExchange.Bob, q => q with { IncludeHidden = true }));
        Assert.Equal([3], Search("drupal", TestExchange.Mona));
        Assert.Equal([3, 2, 1], Search("drupal", TestExchange.Mona, q => q with { IncludeHidden = true }));
    }

    [Fact]
    public void Search_AnonymisedOrganisation_MatchesOnlyForAuthorAndModerators()
    {
        Add("Portal", shape: s => s with { Organisation = "Anytown Council", Attribution = Attribution.Anonymised, OrganisationDescription = "a district council" });

        Assert.Empty(Search("anytown", TestExchange.Bob));
        Assert.Empty(Search(null, TestExchange.Bob, q => q with { Organisation = "Anytown" }));
        Assert.Equal([1], Search("district", TestExchange.Bob));
        Assert.Equal([1], Search(null, TestExchange.Bob, q => q with { Organisation = "district" }));
        Assert.Equal([1], Search("anytown", TestExchange.Alice));
        Assert.Equal([1], Search("anytown", TestExchange.Mona));
        Assert.Empty(Search("anytown", viewer: null, shape: q => q with { Viewer = null }));
    }

    [Fact]
    public void Search_WordInAnonymisedOrganisationAndTitle_StillMatchesByTitle()
    {
        Add("Anytown portal", shape: s => s with { Organisation = "Anytown Council", Attribution = Attribution.Anonymised });

        Assert.Equal([1], Search("anytown", TestExchange.Bob));
    }

    [Fact]
    public void Replace_ReindexesChangedFields()
    {
        var old = Add("Solr story");
        _index.Replace(old, old with { Title = "Elasticsearch story", Status = ContentStatus.Published });

        Assert.Empty(Search("solr"));
        Assert.Equal([1], Search("elasticsearch"));
        Assert.Equal(1, _index.Count);
    }

    [Fact]
    public void Add_SameNumberTwice_Throws()
    {
        var story = Add("Once");

        Assert.Throws<InvalidOperationException>(() => _index.Add(story));
    }

    [Theory]
    [InlineData("Councils", new[] { "council" })]
    [InlineData("Café", new[] { "cafe" })]
    [InlineData("a b cd", new[] { "cd" })]
    [InlineData("status bus", new[] { "status", "bus" })]
    [InlineData("search_api-solr", new[] { "search", "api", "solr" })]
    public void Terms_FoldLikeTheIndex(string text, string[] expected) =>
        Assert.Equal(expected, SearchText.Terms(text));
}

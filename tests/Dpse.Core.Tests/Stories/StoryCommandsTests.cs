using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Privacy;
using Dpse.Core.Stories;
using Dpse.Core.Tests.Support;
using Dpse.Core.Writes;
using Dpse.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dpse.Core.Tests.Stories;

public sealed class StoryCommandsTests : IDisposable
{
    private const string ShareFailure =
        "/dpse story share outcome:failure title:\"Search rebuild stalled\" org:\"Anytown Council\" attribution:named " +
        "sector:\"local government\" tags:Search,solr,search summary:\"We rebuilt site search on Solr.\" lessons:\"Index early.\" " +
        "modules:search_api,search_api_solr drupal:10 links:https://example.org/post";

    private readonly TestExchange _exchange = TestExchange.Create();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _exchange.Dispose();

    [Fact]
    public async Task Share_AllFields_PostsCardToChannelAndStoresStory()
    {
        var reply = await _exchange.RunAsync(ShareFailure, TestExchange.Alice);
        var shown = PlainTextRenderer.Render(reply.Message);

        Assert.Equal(Visibility.Channel, reply.Visibility);
        Assert.Equal(Tone.Warning, reply.Message.Tone);
        Assert.StartsWith("  New failure story shared: S-1\nS-1 · Search rebuild stalled\n", shown, StringComparison.Ordinal);
        Assert.Contains("Outcome: 📘 Failure\nOrganisation: Anytown Council\nSector: local government\nDrupal: 10\n", shown, StringComparison.Ordinal);
        Assert.True(shown.IndexOf("What we learned", StringComparison.Ordinal) < shown.IndexOf("Summary", StringComparison.Ordinal), "a failure leads with its lessons");
        Assert.Contains("Modules: search_api, search_api_solr\nTags: search, solr\n", shown, StringComparison.Ordinal);
        Assert.Contains("https://example.org/post", shown, StringComparison.Ordinal);
        Assert.Contains("Shared by Alice on 26 Nov 2026", shown, StringComparison.Ordinal);
        Assert.EndsWith("[🎉 Celebrate → /dpse story celebrate 1]", shown, StringComparison.Ordinal);

        var story = (await _exchange.Stores.Stories.GetAsync(1, Ct))!;
        Assert.Equal(StoryOutcome.Failure, story.Outcome);
        Assert.Equal(["search", "solr"], story.Tags);
        Assert.Equal(TestExchange.Alice.Ref, story.Author);
        Assert.Equal(TestExchange.SlackChannel, story.Origin);
        Assert.Equal(TestExchange.DefaultStart, story.CreatedAt);
        var audit = Assert.Single(_exchange.Stores.Audit.Entries);
        Assert.Equal(("story.share", "S-1", TestExchange.Alice.Ref), (audit.Action, audit.Target, audit.Actor));
    }

    [Fact]
    public async Task Share_Anonymised_ChannelCardHidesTheOrganisationAndTellsTheAuthorWhereTheirViewIs()
    {
        var shared = await _exchange.RunOkAsync("story share outcome:failure title:Quiet summary:\"It stalled.\" org:\"Anytown Council\" attribution:anonymised org-type:\"a district council\"", TestExchange.Alice);
        var authorView = await _exchange.RunOkAsync("story show S-1", TestExchange.Alice);

        Assert.DoesNotContain("Anytown", shared, StringComparison.Ordinal);
        Assert.Contains("a district council", shared, StringComparison.Ordinal);
        Assert.StartsWith("  New failure story shared: S-1 (anonymised: the channel sees the card below without the organisation; the author and moderators see it with /dpse story show S-1)", shared, StringComparison.Ordinal);
        Assert.Contains("Anytown Council (anonymised: only you and moderators see this)", authorView, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Share_Success_LeadsWithSummaryAndNumbersIncrease()
    {
        await _exchange.ShareAsync("First");

        var shown = await _exchange.RunOkAsync("story share outcome:success title:Second summary:\"It worked.\" lessons:\"Keep it small.\"", TestExchange.Bob);

        Assert.StartsWith("  New success story shared: S-2\nS-2 · Second\n", shown, StringComparison.Ordinal);
        Assert.True(shown.IndexOf("Summary", StringComparison.Ordinal) < shown.IndexOf("What we learned", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("S-1")]
    [InlineData("s1")]
    [InlineData("1")]
    [InlineData("story:S-1")]
    public async Task Show_AnyIdForm_ShowsTheStoryOnlyToTheInvoker(string id)
    {
        await _exchange.RunOkAsync(ShareFailure, TestExchange.Alice);

        var reply = await _exchange.RunAsync($"story show {id}", TestExchange.Bob);

        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        Assert.StartsWith("S-1 · Search rebuild stalled\n", PlainTextRenderer.Render(reply.Message), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Missing_IsNotFound()
    {
        var shown = await _exchange.RunFailingAsync("story show S-42", TestExchange.Bob);

        Assert.Equal("Error: S-42 was not found. Find stories with /dpse story search.", shown);
    }

    [Fact]
    public async Task Search_Words_FindsMatchingStoriesAcrossPlatforms()
    {
        await _exchange.RunOkAsync(ShareFailure, TestExchange.Alice);
        await _exchange.ShareAsync("Council website launch", "tags:launch", TestExchange.Bob);

        var reply = await _exchange.RunAsync("/dpse story search council search rebuild", TestExchange.Bob);
        var shown = PlainTextRenderer.Render(reply.Message);

        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        Assert.StartsWith("Stories matching \u201Ccouncil search rebuild\u201D\n", shown, StringComparison.Ordinal);
        Assert.Contains("📘 S-1 · Search rebuild stalled\nWe rebuilt site search on Solr.\n  Failure · Anytown Council · local government", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("S-2", shown, StringComparison.Ordinal);
        Assert.Contains("Page 1 of 1 · 1 story", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_Filters_AreNamedInTheHeaderAndApplied()
    {
        await _exchange.RunOkAsync(ShareFailure, TestExchange.Alice);
        await _exchange.ShareAsync("Solr success", "tags:solr sector:health");

        var failures = await _exchange.RunOkAsync("story search solr outcome:failure", TestExchange.Bob);
        var health = await _exchange.RunOkAsync("story search solr sector:Health", TestExchange.Bob);
        var tagged = await _exchange.RunOkAsync("story list tag:search", TestExchange.Bob);
        var byOrg = await _exchange.RunOkAsync("story list org:anytown", TestExchange.Bob);

        Assert.StartsWith("Stories matching \u201Csolr\u201D (failure)", failures, StringComparison.Ordinal);
        Assert.Contains("S-1 ·", failures, StringComparison.Ordinal);
        Assert.DoesNotContain("S-2 ·", failures, StringComparison.Ordinal);
        Assert.Contains("S-2 ·", health, StringComparison.Ordinal);
        Assert.DoesNotContain("S-1 ·", health, StringComparison.Ordinal);
        Assert.StartsWith("Stories (tag search)", tagged, StringComparison.Ordinal);
        Assert.Contains("S-1 ·", tagged, StringComparison.Ordinal);
        Assert.DoesNotContain("S-2 ·", tagged, StringComparison.Ordinal);
        Assert.Contains("S-1 ·", byOrg, StringComparison.Ordinal);
        Assert.DoesNotContain("S-2 ·", byOrg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_NoMatch_SaysNothingFoundWithAHint()
    {
        await _exchange.ShareAsync("Something");

        var reply = await _exchange.RunAsync("story search kubernetes");

        Assert.False(reply.IsError);
        var shown = PlainTextRenderer.Render(reply.Message);
        Assert.StartsWith("Stories matching \u201Ckubernetes\u201D\n===", shown, StringComparison.Ordinal);
        Assert.EndsWith("\nNothing found. Try fewer or different words, or remove a filter.", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Empty_InvitesTheFirstStory()
    {
        var shown = await _exchange.RunOkAsync("story list");

        Assert.EndsWith("Nothing found. No stories yet. Share the first with /dpse story share.", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_NewestFirstPagedByFive()
    {
        for (var i = 1; i <= 6; i++)
        {
            await _exchange.ShareAsync($"Story {i}");
            _exchange.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var first = await _exchange.RunOkAsync("story list");
        var second = await _exchange.RunOkAsync("story list page:2");
        var past = await _exchange.RunFailingAsync("story list page:3");

        Assert.True(first.IndexOf("S-6 ·", StringComparison.Ordinal) < first.IndexOf("S-5 ·", StringComparison.Ordinal));
        Assert.DoesNotContain("S-1 ·", first, StringComparison.Ordinal);
        Assert.Contains("Page 1 of 2 · 6 stories", first, StringComparison.Ordinal);
        Assert.Contains("[Next page → /dpse story list page:2]", first, StringComparison.Ordinal);
        Assert.Contains("S-1 ·", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Next page", second, StringComparison.Ordinal);
        Assert.Equal("Error: Page 3 is past the end: there are 2 pages.", past);
    }

    [Fact]
    public async Task Search_NextPageButton_KeepsQueryAndFilters()
    {
        for (var i = 1; i <= 6; i++)
        {
            await _exchange.ShareAsync($"Solr part {i}", "tags:solr");
        }

        var first = await _exchange.RunOkAsync("story search solr tag:solr");

        Assert.Contains("[Next page → /dpse story search query:\"solr\" tag:\"solr\" page:2]", first, StringComparison.Ordinal);
        var second = await _exchange.RunOkAsync("story search query:\"solr\" tag:\"solr\" page:2");
        Assert.Contains("Page 2 of 2 · 6 stories", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_StoreStoppedCounting_SaysAtLeastAndKeepsTheNextPage()
    {
        TestExchange? exchange = null;
        using var capped = TestExchange.Create(configure: services => services.AddSingleton<IStoryStore>(_ => new CountsUpTo(10, () => exchange!.Stores.Stories)));
        exchange = capped;
        for (var i = 1; i <= 12; i++)
        {
            await capped.ShareAsync($"Solr part {i}");
        }

        var first = await capped.RunOkAsync("story search solr");

        Assert.Contains("Page 1 of 2+ · 10+ stories", first, StringComparison.Ordinal);
        Assert.Contains("[Next page → /dpse story search query:\"solr\" page:2]", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_ByAuthor_ChangesGivenFieldsOnly()
    {
        await _exchange.RunOkAsync(ShareFailure, TestExchange.Alice);
        _exchange.Time.Advance(TimeSpan.FromHours(1));

        var reply = await _exchange.RunAsync("story edit S-1 outcome:partial title:\"Search rebuild recovered\"", TestExchange.Alice);
        var shown = PlainTextRenderer.Render(reply.Message);

        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        Assert.StartsWith("  Updated S-1: outcome, title.\nS-1 · Search rebuild recovered\n", shown, StringComparison.Ordinal);
        var story = (await _exchange.Stores.Stories.GetAsync(1, Ct))!;
        Assert.Equal(StoryOutcome.Partial, story.Outcome);
        Assert.Equal("We rebuilt site search on Solr.", story.Summary);
        Assert.Equal("Anytown Council", story.Organisation);
        Assert.Equal(TestExchange.DefaultStart, story.CreatedAt);
        Assert.Equal(TestExchange.DefaultStart.AddHours(1), story.UpdatedAt);
        Assert.Equal("story.edit", _exchange.Stores.Audit.Entries[^1].Action);
        Assert.Equal("outcome, title", _exchange.Stores.Audit.Entries[^1].Detail);
    }

    [Fact]
    public async Task Edit_ByNonAuthor_IsRefusedAndChangesNothing()
    {
        await _exchange.RunOkAsync(ShareFailure, TestExchange.Alice);

        var shown = await _exchange.RunFailingAsync("story edit S-1 title:Mine", TestExchange.Bob);

        Assert.Equal("Error: Only the author of S-1 or a moderator can edit it.", shown);
    }

    [Fact]
    public async Task Edit_ByModerator_IsAllowed()
    {
        await _exchange.RunOkAsync(ShareFailure, TestExchange.Alice);

        await _exchange.RunOkAsync("story edit S-1 title:\"Tidied title\"", TestExchange.Mona);

        Assert.Equal("Tidied title", (await _exchange.Stores.Stories.GetAsync(1, Ct))!.Title);
        Assert.Equal(TestExchange.Alice.Ref, (await _exchange.Stores.Stories.GetAsync(1, Ct))!.Author);
    }

    [Fact]
    public async Task Edit_NothingGivenOrMissingStory_IsError()
    {
        await _exchange.RunOkAsync(ShareFailure, TestExchange.Alice);

        var nothing = await _exchange.RunFailingAsync("story edit S-1", TestExchange.Alice);
        var missing = await _exchange.RunFailingAsync("story edit S-9 title:x", TestExchange.Alice);

        Assert.Equal($"Error: Nothing to change: give at least one field. Usage: {Dpse.Core.Commands.CommandCatalogue.StoryEdit.Usage}", nothing);
        Assert.Equal("Error: S-9 was not found. Find stories with /dpse story search.", missing);
    }

    [Fact]
    public async Task Delete_ByNonAuthor_IsRefused()
    {
        await _exchange.RunOkAsync(ShareFailure, TestExchange.Alice);

        var shown = await _exchange.RunFailingAsync("story delete S-1", TestExchange.Bob);

        Assert.Equal("Error: Only the author of S-1 or a moderator can delete it.", shown);
    }

    [Fact]
    public async Task Delete_ByAuthor_HidesItFromMembersButNotModerators()
    {
        await _exchange.RunOkAsync(ShareFailure, TestExchange.Alice);

        var shown = await _exchange.RunOkAsync("story delete S-1", TestExchange.Alice);

        Assert.Equal("Deleted S-1 · Search rebuild stalled. It no longer appears in search or digests; a moderator can restore it.", shown);
        Assert.Equal(ContentStatus.Deleted, (await _exchange.Stores.Stories.GetAsync(1, Ct))!.Status);
        Assert.Equal("Error: S-1 was not found. Find stories with /dpse story search.", await _exchange.RunFailingAsync("story show S-1", TestExchange.Bob));
        Assert.Equal("Error: S-1 was not found. Find stories with /dpse story search.", await _exchange.RunFailingAsync("story show S-1", TestExchange.Alice));
        Assert.Contains("Nothing found", await _exchange.RunOkAsync("story search solr", TestExchange.Bob), StringComparison.Ordinal);
        Assert.Contains("Nothing found", await _exchange.RunOkAsync("story list", TestExchange.Bob), StringComparison.Ordinal);
        Assert.Contains("DELETED (moderators only)", await _exchange.RunOkAsync("story show S-1", TestExchange.Mona), StringComparison.Ordinal);
        Assert.Contains("Failure · Anytown Council · local government · DELETED", await _exchange.RunOkAsync("story search solr", TestExchange.Mona), StringComparison.Ordinal);
        Assert.Equal("Error: S-1 is already deleted.", await _exchange.RunFailingAsync("story delete S-1", TestExchange.Mona));
    }

    [Fact]
    public async Task Delete_ByModerator_IsAllowed()
    {
        await _exchange.RunOkAsync(ShareFailure, TestExchange.Alice);

        await _exchange.RunOkAsync("story delete 1", TestExchange.Mona);

        Assert.Equal(ContentStatus.Deleted, (await _exchange.Stores.Stories.GetAsync(1, Ct))!.Status);
        Assert.Equal(TestExchange.Mona.Ref, _exchange.Stores.Audit.Entries[^1].Actor);
    }

    [Fact]
    public async Task Celebrate_TwiceBySamePerson_CountsOnce()
    {
        await _exchange.RunOkAsync(ShareFailure, TestExchange.Alice);

        var first = await _exchange.RunAsync("story celebrate S-1", TestExchange.Bob);
        var auditAfterFirst = _exchange.Stores.Audit.Entries.Count;
        var second = await _exchange.RunAsync("story celebrate s1", TestExchange.Bob);

        Assert.Equal(Visibility.Channel, first.Visibility);
        Assert.Equal("🎉 Bob celebrated S-1 · Search rebuild stalled (1 celebration)", PlainTextRenderer.Render(first.Message));
        Assert.False(second.IsError);
        Assert.Equal(Visibility.OnlyInvoker, second.Visibility);
        Assert.Equal("You have already celebrated S-1; each person counts once.", PlainTextRenderer.Render(second.Message));
        Assert.Single((await _exchange.Stores.Stories.GetAsync(1, Ct))!.Celebrations);
        Assert.Equal(auditAfterFirst, _exchange.Stores.Audit.Entries.Count);
        Assert.Contains("🎉 1 celebration", await _exchange.RunOkAsync("story show S-1", TestExchange.Bob), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Celebrate_ByTwoPeople_CountsTwo()
    {
        await _exchange.RunOkAsync(ShareFailure, TestExchange.Alice);
        await _exchange.RunOkAsync("story celebrate S-1", TestExchange.Bob);

        var shown = await _exchange.RunOkAsync("story celebrate S-1", TestExchange.Mona);

        Assert.Equal("🎉 Mona celebrated S-1 · Search rebuild stalled (2 celebrations)", shown);
    }

    [Fact]
    public async Task Celebrate_OwnStory_IsRefused()
    {
        await _exchange.RunOkAsync(ShareFailure, TestExchange.Alice);

        var shown = await _exchange.RunFailingAsync("story celebrate S-1", TestExchange.Alice);

        Assert.Equal("Error: S-1 is your own story: celebrations come from others.", shown);
    }

    [Fact]
    public async Task Celebrate_HiddenStoryByMember_IsNotFound()
    {
        await _exchange.RunOkAsync(ShareFailure, TestExchange.Alice);
        await _exchange.RunOkAsync("mod hide S-1", TestExchange.Mona);

        var shown = await _exchange.RunFailingAsync("story celebrate S-1", TestExchange.Bob);

        Assert.Equal("Error: S-1 was not found. Find stories with /dpse story search.", shown);
    }

    [Fact]
    public async Task UserText_IsShownAsTextNotMarkup()
    {
        var shown = await _exchange.RunOkAsync("story share outcome:success title:\"<!channel> @everyone *bold*\" summary:\"[x](javascript:alert(1))\"");

        Assert.Contains("S-1 · <!channel> @everyone *bold*", shown, StringComparison.Ordinal);
        var story = (await _exchange.Stores.Stories.GetAsync(1, Ct))!;
        Assert.Equal("<!channel> @everyone *bold*", story.Title);
    }

    [Fact]
    public async Task Search_NextPageButtonWithQuotesInQuery_OpensPageTwo()
    {
        for (var i = 1; i <= 6; i++)
        {
            await _exchange.ShareAsync($"The big rebuild {i}");
        }

        var first = await _exchange.RunAsync("story search rebuild the\u201Cbig\u201D", TestExchange.Bob);
        Assert.False(first.IsError, PlainTextRenderer.Render(first.Message));
        var next = first.Message.Blocks.OfType<ActionsBlock>().Single().Buttons.Single(b => b.Label == "Next page");

        var second = await _exchange.Dispatcher.DispatchActionAsync(next.ActionId, TestExchange.Bob, TestExchange.DiscordChannel, Ct);

        var shown = PlainTextRenderer.Render(second.Message);
        Assert.False(second.IsError, shown);
        Assert.StartsWith("Stories matching \u201Crebuild the\u201Cbig\u201D\u201D", shown, StringComparison.Ordinal);
        Assert.Contains("Page 2 of 2 · 6 stories", shown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("é ?")]
    [InlineData("- -")]
    public async Task Search_NoSearchableWords_IsErrorNotEveryStory(string query)
    {
        await _exchange.ShareAsync("Anything");

        var shown = await _exchange.RunFailingAsync($"story search \"{query}\"", TestExchange.Bob);

        Assert.Equal($"Error: '{query}' has no words to search for: use words of two or more letters or digits. Usage: {Dpse.Core.Commands.CommandCatalogue.StorySearch.Usage}", shown);
    }

    [Fact]
    public async Task List_FilterMatchesNothing_SuggestsRemovingTheFilterNotSharingTheFirst()
    {
        await _exchange.ShareAsync("A success");

        var shown = await _exchange.RunOkAsync("story list outcome:partial", TestExchange.Bob);

        Assert.Equal("Stories (partial success)\n=========================\nNothing found. Try fewer or different words, or remove a filter.", shown);
    }

    [Fact]
    public async Task List_PastTheOnlyPage_SaysOnePage()
    {
        await _exchange.ShareAsync("Only");

        Assert.Equal("Error: Page 2 is past the end: there is 1 page.", await _exchange.RunFailingAsync("story list page:2"));
    }

    // A store that counts matches only up to a cap, as the PostgreSQL store does (at 1,000).
    private sealed class CountsUpTo(int cap, Func<IStoryStore> inner) : IStoryStore
    {
        public async Task<StoryPage> SearchAsync(StoryQuery query, CancellationToken cancellationToken)
        {
            var page = await inner().SearchAsync(query, cancellationToken);
            return page with { Total = Math.Min(page.Total, cap), TotalIsLowerBound = page.Total > cap };
        }

        public Task<Story> AddAsync(Story draft, AuditEntry audit, CancellationToken cancellationToken) => inner().AddAsync(draft, audit, cancellationToken);

        public Task<Story?> GetAsync(int number, CancellationToken cancellationToken) => inner().GetAsync(number, cancellationToken);

        public Task<WriteResult<Story>> UpdateContentAsync(Story edited, AuditEntry audit, CancellationToken cancellationToken) => inner().UpdateContentAsync(edited, audit, cancellationToken);

        public Task<WriteResult<Story>> SetStatusAsync(int number, ContentStatus status, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken) =>
            inner().SetStatusAsync(number, status, at, audit, cancellationToken);

        public Task<WriteResult<Story>> CelebrateAsync(int number, Celebration celebration, AuditEntry audit, CancellationToken cancellationToken) =>
            inner().CelebrateAsync(number, celebration, audit, cancellationToken);

        public Task<ErasedCounts> ForgetPersonAsync(PersonErasure erasure, CancellationToken cancellationToken) => inner().ForgetPersonAsync(erasure, cancellationToken);

        public Task<IReadOnlyList<Story>> ListCreatedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
            inner().ListCreatedBetweenAsync(from, to, cancellationToken);

        public Task<IReadOnlyList<Story>> ListCelebratedBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
            inner().ListCelebratedBetweenAsync(from, to, cancellationToken);

        public Task<IReadOnlyList<Story>> ListInvolvingAsync(ActorRef person, CancellationToken cancellationToken) => inner().ListInvolvingAsync(person, cancellationToken);

        public Task<IReadOnlyList<Story>> ListAllAsync(CancellationToken cancellationToken) => inner().ListAllAsync(cancellationToken);

        public Task ImportAsync(IReadOnlyList<Story> stories, AuditEntry audit, CancellationToken cancellationToken) => inner().ImportAsync(stories, audit, cancellationToken);

        public Task<int> CountAsync(CancellationToken cancellationToken) => inner().CountAsync(cancellationToken);
    }
}

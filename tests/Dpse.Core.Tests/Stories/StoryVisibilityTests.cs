using Dpse.Core.Commands;
using Dpse.Core.Messages;
using Dpse.Core.Tests.Support;
using Dpse.Testing;

namespace Dpse.Core.Tests.Stories;

/// <summary>Who sees what: anonymised organisations, hidden and deleted stories.</summary>
public sealed class StoryVisibilityTests : IDisposable
{
    private const string ShareAnonymised =
        "story share outcome:abandoned title:\"Portal migration abandoned\" org:\"Anytown Council\" attribution:anonymised " +
        "org-type:\"a district council\" sector:\"local government\" summary:\"We stopped the portal migration.\" lessons:\"Budget for content.\"";

    private readonly TestExchange _exchange = TestExchange.Create();

    public void Dispose() => _exchange.Dispose();

    [Fact]
    public async Task Share_Anonymised_ChannelCardHidesOrganisationAndAuthor()
    {
        var reply = await _exchange.RunAsync(ShareAnonymised, TestExchange.Alice);
        var shown = PlainTextRenderer.Render(reply.Message);

        Assert.Equal(Visibility.Channel, reply.Visibility);
        Assert.Contains("Organisation: a district council\n", shown, StringComparison.Ordinal);
        Assert.Contains("Shared by a member on 26 Nov 2026", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Anytown", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Alice", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Anonymised_OthersSeeTheDescription()
    {
        await _exchange.RunOkAsync(ShareAnonymised, TestExchange.Alice);

        var shown = await _exchange.RunOkAsync("story show S-1", TestExchange.Bob);

        Assert.Contains("Organisation: a district council\n", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Anytown", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Alice", shown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("mona")]
    public async Task Show_Anonymised_AuthorAndModeratorsSeeTheOrganisationAndName(string who)
    {
        await _exchange.RunOkAsync(ShareAnonymised, TestExchange.Alice);

        var shown = await _exchange.RunOkAsync("story show S-1", who == "alice" ? TestExchange.Alice : TestExchange.Mona);

        Assert.Contains("Organisation: Anytown Council (anonymised: only you and moderators see this)\n", shown, StringComparison.Ordinal);
        Assert.Contains("Shared by Alice on", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_AnonymisedWithoutDescription_NamesTheSector()
    {
        await _exchange.RunOkAsync("story share outcome:failure title:T summary:S org:\"St Elsewhere Trust\" attribution:anonymised sector:health", TestExchange.Alice);

        var shown = await _exchange.RunOkAsync("story show S-1", TestExchange.Bob);

        Assert.Contains("Organisation: an organisation in health\n", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Elsewhere", shown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("story search anytown")]
    [InlineData("story search anytown portal")]
    [InlineData("story search portal org:anytown")]
    [InlineData("story list org:Anytown")]
    public async Task Search_AnonymisedOrganisation_IsNotFindableByMembers(string text)
    {
        await _exchange.RunOkAsync(ShareAnonymised, TestExchange.Alice);

        var shown = await _exchange.RunOkAsync(text, TestExchange.Bob);

        Assert.Contains("Nothing found", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("S-1", shown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("story search anytown")]
    [InlineData("story list org:Anytown")]
    public async Task Search_AnonymisedOrganisation_IsFindableByAuthorAndModerators(string text)
    {
        await _exchange.RunOkAsync(ShareAnonymised, TestExchange.Alice);

        var byAuthor = await _exchange.RunOkAsync(text, TestExchange.Alice);
        var byModerator = await _exchange.RunOkAsync(text, TestExchange.Mona);

        Assert.Contains("S-1 · Portal migration abandoned", byAuthor, StringComparison.Ordinal);
        Assert.Contains("Abandoned · Anytown Council", byAuthor, StringComparison.Ordinal);
        Assert.Contains("S-1 · Portal migration abandoned", byModerator, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_AnonymisedStoryByOtherWords_ShowsOnlyTheDescription()
    {
        await _exchange.RunOkAsync(ShareAnonymised, TestExchange.Alice);

        var byWords = await _exchange.RunOkAsync("story search portal", TestExchange.Bob);
        var byDescription = await _exchange.RunOkAsync("story list org:\"district council\"", TestExchange.Bob);

        Assert.Contains("Abandoned · a district council · local government", byWords, StringComparison.Ordinal);
        Assert.DoesNotContain("Anytown", byWords, StringComparison.Ordinal);
        Assert.Contains("S-1 ·", byDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Celebrate_AnonymisedFromButton_ReplacedCardStillHidesOrganisation()
    {
        await _exchange.RunOkAsync(ShareAnonymised, TestExchange.Alice);

        var reply = await _exchange.Dispatcher.DispatchActionAsync(ActionIds.Celebrate(1), TestExchange.Bob, TestExchange.DiscordChannel, TestContext.Current.CancellationToken);
        var shown = PlainTextRenderer.Render(reply.Message);

        Assert.Equal(Visibility.Channel, reply.Visibility);
        Assert.DoesNotContain("Anytown", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Alice", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_AnonymisedToNamed_OthersSeeTheOrganisation()
    {
        await _exchange.RunOkAsync(ShareAnonymised, TestExchange.Alice);

        await _exchange.RunOkAsync("story edit S-1 attribution:named", TestExchange.Alice);

        var shown = await _exchange.RunOkAsync("story show S-1", TestExchange.Bob);
        Assert.Contains("Organisation: Anytown Council\n", shown, StringComparison.Ordinal);
        Assert.Contains("S-1", await _exchange.RunOkAsync("story search anytown", TestExchange.Bob), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hidden_InvisibleToMembersVisibleToModerators()
    {
        await _exchange.ShareAsync("Hidden one", "tags:solr", TestExchange.Alice);
        await _exchange.ShareAsync("Visible one", "tags:solr", TestExchange.Alice);

        await _exchange.RunOkAsync("mod hide S-1 reason:\"off topic\"", TestExchange.Mona);

        var memberSearch = await _exchange.RunOkAsync("story search solr", TestExchange.Bob);
        var memberList = await _exchange.RunOkAsync("story list", TestExchange.Alice);
        var moderatorSearch = await _exchange.RunOkAsync("story search solr", TestExchange.Mona);
        Assert.DoesNotContain("S-1 ·", memberSearch, StringComparison.Ordinal);
        Assert.Contains("S-2 ·", memberSearch, StringComparison.Ordinal);
        Assert.DoesNotContain("S-1 ·", memberList, StringComparison.Ordinal);
        Assert.Contains("S-1 · Hidden one", moderatorSearch, StringComparison.Ordinal);
        Assert.Contains("HIDDEN", moderatorSearch, StringComparison.Ordinal);
        Assert.Equal("Error: S-1 was not found. Find stories with /dpse story search.", await _exchange.RunFailingAsync("story show S-1", TestExchange.Bob));
        Assert.Equal("Error: S-1 was not found. Find stories with /dpse story search.", await _exchange.RunFailingAsync("story edit S-1 title:x", TestExchange.Alice));
        Assert.Contains("HIDDEN (moderators only)", await _exchange.RunOkAsync("story show S-1", TestExchange.Mona), StringComparison.Ordinal);
    }
}

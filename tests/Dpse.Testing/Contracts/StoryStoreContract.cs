using Dpse.Core.Identity;
using Dpse.Core.Stories;
using Dpse.Core.Writes;
using Xunit;
using static Dpse.Testing.Contracts.ContractData;

namespace Dpse.Testing.Contracts;

/// <summary>What every <see cref="IStoryStore"/> must do. Subclass once per provider.</summary>
public abstract class StoryStoreContract : StoreContract
{
    [Fact]
    public async Task Add_TwoDrafts_AreNumberedS1ThenS2IgnoringDraftNumber()
    {
        await using var stores = await CreateStoresAsync();

        var first = await stores.Stories.AddAsync(Story("One", Day(1)) with { Number = 40 }, AuditBy(Ann, "story share"), Ct);
        var second = await stores.Stories.AddAsync(Story("Two", Day(2)), AuditBy(Ann, "story share"), Ct);

        Assert.Equal(("S-1", "S-2"), (first.Id, second.Id));
        Assert.Equal(2, await stores.Stories.CountAsync(Ct));
    }

    [Fact]
    public async Task Get_Unknown_ReturnsNull()
    {
        await using var stores = await CreateStoresAsync();

        Assert.Null(await stores.Stories.GetAsync(1, Ct));
    }

    [Fact]
    public async Task Add_EveryField_RoundTripsThroughGet()
    {
        await using var stores = await CreateStoresAsync();
        var draft = FullStory();

        var added = await stores.Stories.AddAsync(draft, AuditBy(Ann, "story share"), Ct);
        var read = await stores.Stories.GetAsync(added.Number, Ct);

        AssertSame(draft with { Number = 1 }, added);
        AssertSame(draft with { Number = 1 }, read);
        Assert.Equal(TimeSpan.Zero, read!.CreatedAt.Offset);
    }

    [Fact]
    public async Task UpdateContent_EveryContentFieldChangedOrCleared_WritesContentOnly()
    {
        await using var stores = await CreateStoresAsync();
        var added = await stores.Stories.AddAsync(FullStory(), AuditBy(Ann, "story share"), Ct);
        var changed = added with
        {
            Outcome = StoryOutcome.Partial,
            Title = "Search rebuild finished late",
            Summary = "Done in the end.",
            Context = null,
            WhatHappened = null,
            Lessons = "Ship smaller.",
            Organisation = null,
            OrganisationDescription = null,
            Attribution = Attribution.Named,
            Sector = null,
            DrupalVersion = null,
            Modules = [],
            Tags = ["search"],
            Links = [],
            UpdatedAt = Day(9, 23, 59, 999),
        };

        // Fields outside the content are not the edit's to write, whatever the caller hands in.
        var result = await stores.Stories.UpdateContentAsync(
            changed with { Celebrations = [], Status = ContentStatus.Deleted, IsSample = false, Author = Bob, AuthorName = "Bob", CreatedAt = Day(1) },
            AuditBy(Ann, "story edit", added.Id), Ct);

        Assert.Equal(WriteStatus.Done, result.Status);
        AssertSame(changed, result.Value);
        AssertSame(changed, await stores.Stories.GetAsync(added.Number, Ct));
        Assert.Equal(added.Version + 1, (await stores.Stories.GetAsync(added.Number, Ct))!.Version);
    }

    [Fact]
    public async Task UpdateContent_UnknownNumber_NotFoundAndRecordsNoAudit()
    {
        await using var stores = await CreateStoresAsync();

        var result = await stores.Stories.UpdateContentAsync(Story("Ghost", Day(1)) with { Number = 7 }, AuditBy(Ann, "story edit", "S-7"), Ct);

        Assert.Equal(WriteStatus.NotFound, result.Status);
        Assert.Empty(await stores.Audit.ListAsync(null, 10, Ct));
        Assert.Equal(0, await stores.Stories.CountAsync(Ct));
    }

    [Fact]
    public async Task UpdateContent_StaleVersion_ConflictWritesNothing()
    {
        await using var stores = await CreateStoresAsync();
        var read = await stores.Stories.AddAsync(Story("Solr", Day(1)), AuditBy(Ann, "story share"), Ct);
        Assert.True((await stores.Stories.UpdateContentAsync(read with { Title = "First" }, AuditBy(Ann, "story edit", read.Id), Ct)).IsDone);

        var stale = await stores.Stories.UpdateContentAsync(read with { Title = "Second" }, AuditBy(Mo, "story edit", read.Id), Ct);

        Assert.Equal(WriteStatus.Conflict, stale.Status);
        Assert.Equal("First", stale.Value!.Title);
        Assert.Equal("First", (await stores.Stories.GetAsync(read.Number, Ct))!.Title);
        Assert.Single(await stores.Audit.ListAsync(read.Id, 10, Ct), e => e.Action == "story edit");
    }

    [Fact]
    public async Task UpdateContent_AfterCelebration_KeepsItAndDoesNotConflict()
    {
        await using var stores = await CreateStoresAsync();
        var read = await stores.Stories.AddAsync(Story("Solr", Day(1)), AuditBy(Ann, "story share"), Ct);
        await stores.Stories.CelebrateAsync(read.Number, new(Bob, Day(2)), AuditBy(Bob, "story celebrate", read.Id), Ct);

        var result = await stores.Stories.UpdateContentAsync(read with { Title = "Solr 2" }, AuditBy(Ann, "story edit", read.Id), Ct);

        Assert.Equal(WriteStatus.Done, result.Status);
        Assert.Equal([Bob], (await stores.Stories.GetAsync(read.Number, Ct))!.Celebrations.Select(c => c.Person));
    }

    [Fact]
    public async Task SetStatus_ChangedOnceThenUnchanged_AuditOnlyForTheChange()
    {
        await using var stores = await CreateStoresAsync();
        var story = await stores.Stories.AddAsync(Story("Solr", Day(1)), AuditBy(Ann, "story share"), Ct);
        await stores.Stories.CelebrateAsync(story.Number, new(Bob, Day(2)), AuditBy(Bob, "story celebrate", story.Id), Ct);

        var hide = await stores.Stories.SetStatusAsync(story.Number, ContentStatus.Hidden, Day(3), AuditBy(Mo, "mod hide", story.Id), Ct);
        var again = await stores.Stories.SetStatusAsync(story.Number, ContentStatus.Hidden, Day(4), AuditBy(Mo, "mod hide", story.Id), Ct);
        var missing = await stores.Stories.SetStatusAsync(9, ContentStatus.Hidden, Day(4), AuditBy(Mo, "mod hide", "S-9"), Ct);

        Assert.Equal((WriteStatus.Done, WriteStatus.Unchanged, WriteStatus.NotFound), (hide.Status, again.Status, missing.Status));
        var stored = (await stores.Stories.GetAsync(story.Number, Ct))!;
        Assert.Equal((ContentStatus.Hidden, Day(3), story.Version + 1, 1), (stored.Status, stored.UpdatedAt, stored.Version, stored.Celebrations.Count));
        Assert.Single(await stores.Audit.ListAsync(null, 10, Ct), e => e.Action == "mod hide");
    }

    [Fact]
    public async Task Celebrate_SamePersonTwice_SecondUnchangedAndCountStaysOne()
    {
        await using var stores = await CreateStoresAsync();
        var story = await stores.Stories.AddAsync(Story("Solr", Day(1)), AuditBy(Ann, "story share"), Ct);

        var first = await stores.Stories.CelebrateAsync(story.Number, new(Bob, Day(2, 10, 0, 250)), AuditBy(Bob, "story celebrate", story.Id), Ct);
        var second = await stores.Stories.CelebrateAsync(story.Number, new(Bob, Day(3)), AuditBy(Bob, "story celebrate", story.Id), Ct);
        var other = await stores.Stories.CelebrateAsync(story.Number, new(Mo, Day(4)), AuditBy(Mo, "story celebrate", story.Id), Ct);

        Assert.Equal((WriteStatus.Done, WriteStatus.Unchanged, WriteStatus.Done), (first.Status, second.Status, other.Status));
        Assert.Equal(2, other.Value!.Celebrations.Count);
        var read = await stores.Stories.GetAsync(story.Number, Ct);
        Assert.Equal([(Bob, Day(2, 10, 0, 250)), (Mo, Day(4))], read!.Celebrations.Select(c => (c.Person, c.At)));
        Assert.Equal(["story celebrate", "story celebrate", "story share"], (await stores.Audit.ListAsync(story.Id, 10, Ct)).Select(e => e.Action));
    }

    [Fact]
    public async Task Celebrate_UnknownStory_NotFoundAndRecordsNoAudit()
    {
        await using var stores = await CreateStoresAsync();

        Assert.Equal(WriteStatus.NotFound, (await stores.Stories.CelebrateAsync(3, new(Bob, Day(2)), AuditBy(Bob, "story celebrate", "S-3"), Ct)).Status);
        Assert.Empty(await stores.Audit.ListAsync(null, 10, Ct));
    }

    [Fact]
    public async Task Celebrate_ManyPeopleAtOnce_CountsEveryOneOnce()
    {
        await using var stores = await CreateStoresAsync();
        var story = await stores.Stories.AddAsync(Story("Busy", Day(1)), AuditBy(Ann, "story share"), Ct);
        var people = Enumerable.Range(0, 40).Select(i => Bob with { UserId = $"user{i}" }).ToList();

        var results = await Task.WhenAll(people.Concat(people).Select(p => Task.Run(
            () => stores.Stories.CelebrateAsync(story.Number, new(p, Day(2)), AuditBy(p, "story celebrate", story.Id), Ct), Ct)));

        Assert.Equal(40, results.Count(r => r.IsDone));
        Assert.Equal(40, (await stores.Stories.GetAsync(story.Number, Ct))!.Celebrations.Count);
    }

    [Fact]
    public async Task Add_ManyAtOnce_GetDistinctConsecutiveNumbers()
    {
        await using var stores = await CreateStoresAsync();

        var added = await Task.WhenAll(Enumerable.Range(1, 30).Select(i => Task.Run(
            () => stores.Stories.AddAsync(Story($"Story {i}", Day(1)), AuditBy(Ann, "story share"), Ct), Ct)));

        Assert.Equal(Enumerable.Range(1, 30), added.Select(s => s.Number).Order());
        Assert.Equal(30, (await stores.Audit.ListAsync(null, 100, Ct)).Select(e => e.Target).Distinct().Count());
    }

    [Fact]
    public async Task Search_TitleOrTagHit_RanksAboveNewerBodyHit()
    {
        await using var stores = await CreateStoresAsync();
        var title = await stores.Stories.AddAsync(Story("Solr migration", Day(1)), AuditBy(Ann, "story share"), Ct);
        var tagged = await stores.Stories.AddAsync(Story("Index rebuild", Day(2)) with { Tags = ["solr"] }, AuditBy(Ann, "story share"), Ct);
        var body = await stores.Stories.AddAsync(Story("Rebuild", Day(3)) with { Lessons = "Never trust solr defaults." }, AuditBy(Ann, "story share"), Ct);

        var page = await stores.Stories.SearchAsync(new StoryQuery { Text = "solr", Viewer = AnnViewer }, Ct);

        Assert.Equal([tagged.Id, title.Id, body.Id], page.Stories.Select(s => s.Id));
        Assert.Equal(3, page.Total);
    }

    [Fact]
    public async Task Search_EqualScores_NewerFirst()
    {
        await using var stores = await CreateStoresAsync();
        var older = await stores.Stories.AddAsync(Story("Solr one", Day(1)), AuditBy(Ann, "story share"), Ct);
        var newer = await stores.Stories.AddAsync(Story("Solr two", Day(5)), AuditBy(Ann, "story share"), Ct);
        var middle = await stores.Stories.AddAsync(Story("Solr three", Day(3)), AuditBy(Ann, "story share"), Ct);

        var page = await stores.Stories.SearchAsync(new StoryQuery { Text = "solr" }, Ct);

        Assert.Equal([newer.Id, middle.Id, older.Id], page.Stories.Select(s => s.Id));
    }

    [Fact]
    public async Task Search_SeveralWords_EveryWordMustMatch()
    {
        await using var stores = await CreateStoresAsync();
        var both = await stores.Stories.AddAsync(Story("Council search", Day(1), summary: "Solr for councils."), AuditBy(Ann, "story share"), Ct);
        await stores.Stories.AddAsync(Story("Council forms", Day(2)), AuditBy(Ann, "story share"), Ct);
        await stores.Stories.AddAsync(Story("Solr tuning", Day(3)), AuditBy(Ann, "story share"), Ct);

        var page = await stores.Stories.SearchAsync(new StoryQuery { Text = "council solr" }, Ct);
        var none = await stores.Stories.SearchAsync(new StoryQuery { Text = "council elasticsearch" }, Ct);

        Assert.Equal([both.Id], page.Stories.Select(s => s.Id));
        Assert.Equal((0, 0), (none.Total, none.Stories.Count));
    }

    [Fact]
    public async Task Search_Filters_NarrowByOutcomeTagSectorAndOrganisation()
    {
        await using var stores = await CreateStoresAsync();
        var failure = await stores.Stories.AddAsync(
            Story("Search failure", Day(1)) with { Outcome = StoryOutcome.Failure, Tags = ["solr"], Sector = "Health", Organisation = "North Trust" },
            AuditBy(Ann, "story share"),
            Ct);
        var success = await stores.Stories.AddAsync(
            Story("Search success", Day(2)) with { Tags = ["search"], Sector = "local government", Organisation = "Anytown Council" },
            AuditBy(Ann, "story share"),
            Ct);

        async Task<IEnumerable<string>> Ids(StoryQuery q) => (await stores.Stories.SearchAsync(q with { Viewer = BobViewer }, Ct)).Stories.Select(s => s.Id);

        Assert.Equal([failure.Id], await Ids(new StoryQuery { Text = "search", Outcome = StoryOutcome.Failure }));
        Assert.Equal([success.Id], await Ids(new StoryQuery { Tag = "search" }));
        Assert.Equal([failure.Id], await Ids(new StoryQuery { Text = "search", Tag = "SOLR" }));
        Assert.Equal([success.Id], await Ids(new StoryQuery { Sector = "Local Government" }));
        Assert.Equal([success.Id], await Ids(new StoryQuery { Organisation = "anytown" }));
        Assert.Empty(await Ids(new StoryQuery { Outcome = StoryOutcome.Abandoned }));
        Assert.Equal([failure.Id], await Ids(new StoryQuery { Author = Ann, Outcome = StoryOutcome.Failure }));
    }

    [Fact]
    public async Task Search_OrganisationWithWildcardCharacters_MatchesThemLiterally()
    {
        await using var stores = await CreateStoresAsync();
        var percent = await stores.Stories.AddAsync(Story("Forms", Day(1)) with { Organisation = "100% Digital Trust" }, AuditBy(Ann, "story share"), Ct);
        var underscore = await stores.Stories.AddAsync(Story("Search", Day(2)) with { Organisation = "North_Council" }, AuditBy(Ann, "story share"), Ct);
        await stores.Stories.AddAsync(Story("Hosting", Day(3)) with { Organisation = "Anytown Council" }, AuditBy(Ann, "story share"), Ct);

        async Task<IEnumerable<string>> Ids(string organisation) =>
            (await stores.Stories.SearchAsync(new StoryQuery { Organisation = organisation, Viewer = BobViewer }, Ct)).Stories.Select(s => s.Id);

        // "%" and "_" are characters of a name, never wildcards: "%" alone finds the one name that has it.
        Assert.Equal([percent.Id], await Ids("%"));
        Assert.Equal([underscore.Id], await Ids("h_c"));
        Assert.Empty(await Ids("0_%"));
        Assert.Empty(await Ids("\\"));
    }

    [Fact]
    public async Task Search_Paging_ReturnsThePageAndTheTotal()
    {
        await using var stores = await CreateStoresAsync();
        for (var day = 1; day <= 7; day++)
        {
            await stores.Stories.AddAsync(Story($"Drupal story {day}", Day(day)), AuditBy(Ann, "story share"), Ct);
        }

        var second = await stores.Stories.SearchAsync(new StoryQuery { Text = "drupal", Page = 2, PageSize = 3 }, Ct);
        var third = await stores.Stories.SearchAsync(new StoryQuery { Text = "drupal", Page = 3, PageSize = 3 }, Ct);
        var beyond = await stores.Stories.SearchAsync(new StoryQuery { Text = "drupal", Page = 4, PageSize = 3 }, Ct);
        var listed = await stores.Stories.SearchAsync(new StoryQuery { Page = 1, PageSize = 3 }, Ct);

        Assert.Equal(["S-4", "S-3", "S-2"], second.Stories.Select(s => s.Id));
        Assert.Equal((7, 2, 3, 3), (second.Total, second.Page, second.PageSize, second.PageCount));
        Assert.Equal(["S-1"], third.Stories.Select(s => s.Id));
        Assert.Equal((0, 7), (beyond.Stories.Count, beyond.Total));
        Assert.Equal(["S-7", "S-6", "S-5"], listed.Stories.Select(s => s.Id));
        Assert.Equal(7, listed.Total);
    }

    [Fact]
    public async Task Search_HiddenAndDeleted_OnlyForModeratorsAskingForThem()
    {
        await using var stores = await CreateStoresAsync();
        var shown = await stores.Stories.AddAsync(Story("Solr shown", Day(1)), AuditBy(Ann, "story share"), Ct);
        var hidden = await stores.Stories.AddAsync(Story("Solr hidden", Day(2)), AuditBy(Ann, "story share"), Ct);
        var deleted = await stores.Stories.AddAsync(Story("Solr deleted", Day(3)), AuditBy(Ann, "story share"), Ct);
        await stores.Stories.SetStatusAsync(hidden.Number, ContentStatus.Hidden, Day(20), AuditBy(Mo, "mod hide", hidden.Id), Ct);
        await stores.Stories.SetStatusAsync(deleted.Number, ContentStatus.Deleted, Day(20), AuditBy(Ann, "story delete", deleted.Id), Ct);

        async Task<IEnumerable<string>> Ids(string? text, Actor viewer, bool includeHidden) =>
            (await stores.Stories.SearchAsync(new StoryQuery { Text = text, Viewer = viewer, IncludeHidden = includeHidden }, Ct)).Stories.Select(s => s.Id);

        foreach (var text in new[] { "solr", null })
        {
            Assert.Equal([shown.Id], await Ids(text, AnnViewer, includeHidden: true));
            Assert.Equal([shown.Id], await Ids(text, Moderator, includeHidden: false));
            Assert.Equal([deleted.Id, hidden.Id, shown.Id], await Ids(text, Moderator, includeHidden: true));
        }
    }

    [Fact]
    public async Task Search_AnonymisedOrganisation_MatchesOnlyForAuthorAndModerators()
    {
        await using var stores = await CreateStoresAsync();
        var story = await stores.Stories.AddAsync(
            Story("Forms rebuild", Day(1)) with { Organisation = "Anytown Council", OrganisationDescription = "a district council", Attribution = Attribution.Anonymised },
            AuditBy(Ann, "story share"),
            Ct);

        async Task<int> Total(StoryQuery q) => (await stores.Stories.SearchAsync(q, Ct)).Total;

        Assert.Equal(0, await Total(new StoryQuery { Text = "anytown", Viewer = BobViewer }));
        Assert.Equal(0, await Total(new StoryQuery { Text = "anytown" }));
        Assert.Equal(0, await Total(new StoryQuery { Organisation = "Anytown", Viewer = BobViewer }));
        Assert.Equal(0, await Total(new StoryQuery { Text = "forms anytown", Viewer = BobViewer }));
        Assert.Equal(1, await Total(new StoryQuery { Text = "district", Viewer = BobViewer }));
        Assert.Equal(1, await Total(new StoryQuery { Text = "anytown", Viewer = AnnViewer }));
        Assert.Equal(1, await Total(new StoryQuery { Organisation = "Anytown", Viewer = AnnViewer }));
        Assert.Equal(1, await Total(new StoryQuery { Text = "anytown", Viewer = Moderator }));
        Assert.Equal(1, await Total(new StoryQuery { Organisation = "anytown council", Viewer = Moderator }));
        Assert.Equal(story.Id, (await stores.Stories.SearchAsync(new StoryQuery { Text = "anytown", Viewer = Moderator }, Ct)).Stories.Single().Id);
    }

    [Fact]
    public async Task Search_AfterUpdateAndCelebrate_FindsTheCurrentStory()
    {
        await using var stores = await CreateStoresAsync();
        var story = await stores.Stories.AddAsync(Story("Solr migration", Day(1)), AuditBy(Ann, "story share"), Ct);
        await stores.Stories.UpdateContentAsync(story with { Title = "Elasticsearch migration" }, AuditBy(Ann, "story edit", story.Id), Ct);
        await stores.Stories.CelebrateAsync(story.Number, new(Bob, Day(2)), AuditBy(Bob, "story celebrate", story.Id), Ct);

        var old = await stores.Stories.SearchAsync(new StoryQuery { Text = "solr" }, Ct);
        var found = await stores.Stories.SearchAsync(new StoryQuery { Text = "elasticsearch" }, Ct);

        Assert.Equal(0, old.Total);
        var hit = Assert.Single(found.Stories);
        Assert.Equal(("Elasticsearch migration", 1), (hit.Title, hit.Celebrations.Count));
    }

    [Fact]
    public async Task ListCreatedBetween_HalfOpenRange_AnyStatusOldestFirst()
    {
        await using var stores = await CreateStoresAsync();
        await stores.Stories.AddAsync(Story("Before", Day(1, 23, 59, 999)), AuditBy(Ann, "story share"), Ct);
        var late = await stores.Stories.AddAsync(Story("Late", Day(4)), AuditBy(Ann, "story share"), Ct);
        var start = await stores.Stories.AddAsync(Story("Start", Day(2, 0, 0)), AuditBy(Ann, "story share"), Ct);
        await stores.Stories.AddAsync(Story("End", Day(8, 0, 0)), AuditBy(Ann, "story share"), Ct);
        await stores.Stories.SetStatusAsync(late.Number, ContentStatus.Hidden, Day(20), AuditBy(Mo, "mod hide", late.Id), Ct);

        var listed = await stores.Stories.ListCreatedBetweenAsync(Day(2, 0, 0), Day(8, 0, 0), Ct);

        Assert.Equal([start.Id, late.Id], listed.Select(s => s.Id));
        Assert.Equal(ContentStatus.Hidden, listed[1].Status);
    }

    [Fact]
    public async Task ListCelebratedBetween_PublishedStoriesCelebratedInRange()
    {
        await using var stores = await CreateStoresAsync();
        var inRange = await stores.Stories.AddAsync(Story("In range", Day(1)), AuditBy(Ann, "story share"), Ct);
        var tooEarly = await stores.Stories.AddAsync(Story("Too early", Day(1)), AuditBy(Ann, "story share"), Ct);
        var hidden = await stores.Stories.AddAsync(Story("Hidden", Day(1)), AuditBy(Ann, "story share"), Ct);
        await stores.Stories.AddAsync(Story("Never", Day(1)), AuditBy(Ann, "story share"), Ct);
        await stores.Stories.CelebrateAsync(inRange.Number, new(Bob, Day(10, 12)), AuditBy(Bob, "story celebrate", inRange.Id), Ct);
        await stores.Stories.CelebrateAsync(tooEarly.Number, new(Bob, Day(9, 23, 59, 999)), AuditBy(Bob, "story celebrate", tooEarly.Id), Ct);
        await stores.Stories.CelebrateAsync(hidden.Number, new(Bob, Day(10, 12)), AuditBy(Bob, "story celebrate", hidden.Id), Ct);
        await stores.Stories.SetStatusAsync(hidden.Number, ContentStatus.Hidden, Day(20), AuditBy(Mo, "mod hide", hidden.Id), Ct);

        var listed = await stores.Stories.ListCelebratedBetweenAsync(Day(10, 0), Day(17, 0), Ct);

        Assert.Equal([inRange.Id], listed.Select(s => s.Id));
    }

    [Fact]
    public async Task ListInvolving_AuthoredOrCelebrated_AnyStatus()
    {
        await using var stores = await CreateStoresAsync();
        var authored = await stores.Stories.AddAsync(Story("Bob's", Day(1), Bob), AuditBy(Bob, "story share"), Ct);
        var celebrated = await stores.Stories.AddAsync(Story("Ann's", Day(2)), AuditBy(Ann, "story share"), Ct);
        await stores.Stories.AddAsync(Story("Unrelated", Day(3)), AuditBy(Ann, "story share"), Ct);
        await stores.Stories.CelebrateAsync(celebrated.Number, new(Bob, Day(4)), AuditBy(Bob, "story celebrate", celebrated.Id), Ct);
        await stores.Stories.SetStatusAsync(authored.Number, ContentStatus.Deleted, Day(20), AuditBy(Bob, "story delete", authored.Id), Ct);

        var listed = await stores.Stories.ListInvolvingAsync(Bob, Ct);

        Assert.Equal([authored.Id, celebrated.Id], listed.Select(s => s.Id).Order());
        Assert.Empty(await stores.Stories.ListInvolvingAsync(Bob with { Platform = "slack" }, Ct));
    }

    [Fact]
    public async Task ListAll_EveryStoryInNumberOrder()
    {
        await using var stores = await CreateStoresAsync();
        var newest = Story("Newest", Day(9));
        await stores.Stories.AddAsync(newest, AuditBy(Ann, "story share"), Ct);
        var hidden = await stores.Stories.AddAsync(Story("Hidden", Day(1)), AuditBy(Ann, "story share"), Ct);
        await stores.Stories.AddAsync(Story("Middle", Day(5)), AuditBy(Ann, "story share"), Ct);
        await stores.Stories.SetStatusAsync(hidden.Number, ContentStatus.Hidden, Day(20), AuditBy(Mo, "mod hide", hidden.Id), Ct);

        var all = await stores.Stories.ListAllAsync(Ct);

        Assert.Equal(["S-1", "S-2", "S-3"], all.Select(s => s.Id));
    }

    [Fact]
    public async Task Import_KeepsNumbersReplacesExistingAndLaterAddsContinueAfterTheHighest()
    {
        await using var stores = await CreateStoresAsync();
        var existing = await stores.Stories.AddAsync(Story("Old title", Day(1)), AuditBy(Ann, "story share"), Ct);
        var imported = new[]
        {
            FullStory() with { Number = 12 },
            Story("Replaced title", Day(1)) with { Number = existing.Number },
            Story("Five", Day(3)) with { Number = 5 },
        };

        await stores.Stories.ImportAsync(imported, AuditBy(Mo, "import", "stories"), Ct);
        var next = await stores.Stories.AddAsync(Story("After import", Day(4)), AuditBy(Ann, "story share"), Ct);

        Assert.Equal("S-13", next.Id);
        Assert.Equal(["S-1", "S-5", "S-12", "S-13"], (await stores.Stories.ListAllAsync(Ct)).Select(s => s.Id));
        AssertSame(imported[0], await stores.Stories.GetAsync(12, Ct));
        Assert.Equal("Replaced title", (await stores.Stories.GetAsync(1, Ct))!.Title);
        Assert.Equal(["S-1"], (await stores.Stories.SearchAsync(new StoryQuery { Text = "replaced" }, Ct)).Stories.Select(s => s.Id));
        Assert.Equal(0, (await stores.Stories.SearchAsync(new StoryQuery { Text = "old" }, Ct)).Total);
        Assert.Equal(["S-12"], (await stores.Stories.SearchAsync(new StoryQuery { Text = "solr", Viewer = Moderator, IncludeHidden = true }, Ct)).Stories.Select(s => s.Id));
        Assert.Equal(4, await stores.Stories.CountAsync(Ct));
    }

    [Fact]
    public async Task Writes_EachRecordsItsAuditEntry_AddTargetsTheNewId()
    {
        await using var stores = await CreateStoresAsync();

        var story = await stores.Stories.AddAsync(Story("Solr", Day(1)), AuditBy(Ann, "story share", "", Day(1), "outcome, title"), Ct);
        await stores.Stories.UpdateContentAsync(story with { Title = "Solr 2" }, AuditBy(Ann, "story edit", story.Id, Day(2)), Ct);
        await stores.Stories.CelebrateAsync(story.Number, new(Bob, Day(3)), AuditBy(Bob, "story celebrate", story.Id, Day(3)), Ct);
        await stores.Stories.ImportAsync([Story("Imported", Day(4)) with { Number = 9 }], AuditBy(Mo, "import", "stories", Day(4)), Ct);

        var entries = await stores.Audit.ListAsync(null, 10, Ct);

        Assert.Equal(
            [("import", "stories", "mo"), ("story celebrate", "S-1", Bob.UserId), ("story edit", "S-1", Ann.UserId), ("story share", "S-1", Ann.UserId)],
            entries.Select(e => (e.Action, e.Target, e.Actor.UserId)));
        Assert.Equal("outcome, title", entries[^1].Detail);
        Assert.True(entries.Zip(entries.Skip(1)).All(p => p.First.Id > p.Second.Id));
    }
}

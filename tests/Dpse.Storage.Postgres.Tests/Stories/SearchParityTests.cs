using Dpse.Core.Identity;
using Dpse.Core.Search;
using Dpse.Core.Stories;
using Dpse.Storage.Postgres.Stories;
using static Dpse.Testing.Contracts.ContractData;

namespace Dpse.Storage.Postgres.Tests.Stories;

/// <summary>
/// PostgreSQL's full-text search must return the very pages Core's in-memory <see cref="StorySearchIndex"/> returns
/// (the LiteDB provider's ranking): the same corpus is loaded into both and many random queries compared page for page.
/// </summary>
public sealed class SearchParityTests(PostgresTestDatabase testDatabase) : IClassFixture<PostgresTestDatabase>
{
    private static readonly string[] Words =
    [
        "solr", "search", "council", "councils", "forms", "migration", "drupal", "café", "cafe", "rebuild", "budget",
        "accessibility", "hosting", "layout", "paragraphs", "views", "webform", "trust", "health", "county",
    ];

    private static readonly ActorRef[] Authors = [Ann, Bob, Mo, Ann with { UserId = "U0CAT" }];

    // One and two words; three (the most read from weight groups: 64 of them) and four (scored match by match).
    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 4)]
    public async Task Search_RandomCorpusAndQueries_SamePagesAsTheInMemoryIndex(int fewestWords, int mostWords)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await testDatabase.EmptyAsync();
        var store = new PostgresStoryStore(database);
        var index = new StorySearchIndex();
        var random = new Random(20261202);

        var stories = Enumerable.Range(1, 240).Select(n => RandomStory(random, n)).ToList();
        await store.ImportAsync(stories, AuditBy(Mo, "import", "stories"), ct);
        foreach (var story in stories)
        {
            index.Add(story);
        }

        Actor?[] viewers = [null, AnnViewer, BobViewer, Moderator, new Actor(Authors[3], "Cat", false)];
        var compared = 0;
        for (var i = 0; i < 300; i++)
        {
            var query = new StoryQuery
            {
                Text = random.Next(6) == 0 ? null : string.Join(' ', Enumerable.Range(0, random.Next(fewestWords, mostWords + 1)).Select(_ => Pick(random, Words))),
                Outcome = random.Next(5) == 0 ? (StoryOutcome)random.Next(4) : null,
                Tag = random.Next(6) == 0 ? Pick(random, Words).ToUpperInvariant() : null,
                Sector = random.Next(8) == 0 ? " Local Government " : null,
                Organisation = random.Next(6) == 0 ? Pick(random, ["anytown", "COUNCIL", "a district", "trust"]) : null,
                Author = random.Next(8) == 0 ? Pick(random, Authors) : null,
                Viewer = Pick(random, viewers),
                IncludeHidden = random.Next(3) == 0,
                Page = random.Next(1, 4),
                PageSize = Pick(random, [1, 3, 5, 10]),
            };

            var (expected, expectedTotal) = index.Search(query);
            var page = await store.SearchAsync(query, ct);

            // PostgreSQL counts exactly up to its cap (or the end of the page); past it the total is a lower bound.
            var limit = Math.Max(StorySearchSql.CountCap, query.Page * query.PageSize);
            var (expectedShown, expectedMore) = (Math.Min(expectedTotal, limit), expectedTotal > limit);
            Assert.True(
                expected.SequenceEqual(page.Stories.Select(s => s.Number)) && (expectedShown, expectedMore) == (page.Total, page.TotalIsLowerBound),
                $"Query {query} gave [{string.Join(", ", page.Stories.Select(s => s.Number))}] of {page.Total}{(page.TotalIsLowerBound ? "+" : "")}, expected [{string.Join(", ", expected)}] of {expectedShown}{(expectedMore ? "+" : "")}.");
            compared += expectedTotal;
        }

        Assert.True(compared > 1000, $"The queries matched only {compared} stories in all: too few to compare rankings.");
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Text(Random random, int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Pick(random, Words)));

    private static Story RandomStory(Random random, int number)
    {
        var anonymised = random.Next(3) == 0;
        var author = Pick(random, Authors);
        var created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(random.Next(0, 2000));
        return new Story
        {
            Number = number,
            Outcome = (StoryOutcome)random.Next(4),
            Title = Text(random, random.Next(1, 4)),
            Summary = Text(random, random.Next(0, 5)),
            Context = random.Next(2) == 0 ? Text(random, 6) : null,
            WhatHappened = random.Next(2) == 0 ? Text(random, 6) : null,
            Lessons = random.Next(2) == 0 ? Text(random, 6) : null,
            Organisation = random.Next(4) == 0 ? null : Pick(random, ["Anytown Council", "North Trust", "Solr County"]),
            OrganisationDescription = anonymised ? "a district council" : null,
            Attribution = anonymised ? Attribution.Anonymised : Attribution.Named,
            Sector = random.Next(3) == 0 ? "local government" : Pick(random, [null, "Health"]),
            Modules = random.Next(3) == 0 ? [Pick(random, Words)] : [],
            Tags = [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => Pick(random, Words)).Distinct()],
            Author = author,
            AuthorName = author.UserId,
            CreatedAt = random.Next(10) == 0 ? new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero) : created, // some ties on time
            UpdatedAt = created,
            Status = random.Next(8) == 0 ? ContentStatus.Hidden : random.Next(10) == 0 ? ContentStatus.Deleted : ContentStatus.Published,
        };
    }
}

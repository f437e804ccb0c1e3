using Dpse.Core.Audit;
using Dpse.Core.Identity;
using Dpse.Core.Stories;
using Dpse.Testing.InMemory;

namespace Dpse.Core.Tests.InMemoryStores;

public sealed class InMemoryExchangeStoresTests
{
    private static readonly ActorRef Ann = new(Platforms.Shell, "", "ann");
    private static readonly DateTimeOffset At = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Writes_OnDifferentStores_ShareOneAuditTrailWithIncreasingIds()
    {
        var ct = TestContext.Current.CancellationToken;
        var stores = new InMemoryExchangeStores();
        var story = await stores.Stories.AddAsync(
            new Story { Outcome = StoryOutcome.Success, Title = "Search", Summary = "s", Author = Ann, AuthorName = "Ann", CreatedAt = At, UpdatedAt = At },
            new AuditEntry(At, Ann, "Ann", "story share", ""),
            ct);
        await stores.MemberSettings.SetReminderDirectMessagesAsync(Ann, true, At, new AuditEntry(At, Ann, "Ann", "reminders on", "dm"), ct);

        Assert.Equal("S-1", story.Id);
        Assert.Equal([(1L, "S-1"), (2L, "dm")], stores.Audit.Entries.Select(e => (e.Id, e.Target)));
    }
}

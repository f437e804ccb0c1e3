using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Privacy;
using Dpse.Core.Stories;
using Dpse.Core.Writes;
using Xunit;
using static Dpse.Testing.Contracts.ContractData;

namespace Dpse.Testing.Contracts;

/// <summary>
/// What every store must keep true when handlers race, as both adapters make them: every write that reported Done is
/// still there afterwards, edits (compare-and-swap, retried like the handlers retry) never undo a celebration, RSVP or
/// status change, an erasure leaves nothing of the person however their own writes interleave with it, and the audit
/// log says exactly what the data says. Every call runs on its own pool thread behind one start gate. Subclass once per provider.
/// </summary>
public abstract class ConcurrencyContract : StoreContract
{
    private const int Members = 100;
    private const int Edits = 50;

    private static ActorRef Member(int i) => new(Platforms.Slack, "T0001", $"U{i:D4}");

    [Fact]
    public async Task Celebrations_100ConcurrentAgainst50Edits_AllKept()
    {
        await using var stores = await CreateStoresAsync();
        var story = await stores.Stories.AddAsync(Story("Search rebuild", Day(1)), AuditBy(Ann, "story share"), Ct);

        var (celebrations, edits) = await RaceAsync(
            i => stores.Stories.CelebrateAsync(story.Number, new Celebration(Member(i), Day(2)), AuditBy(Member(i), "story celebrate", story.Id), Ct),
            i => EditStoryAsync(stores, story.Number, $"Search rebuild, take {i}"));

        var stored = (await stores.Stories.GetAsync(story.Number, Ct))!;
        var entries = await stores.Audit.ListAsync(story.Id, 1000, Ct);
        Report($"{Members} celebrations against {Edits} edits: {celebrations.Count(r => r.IsDone)} done, {stored.Celebrations.Count} stored, {edits.Count(e => e)} edits applied");
        Assert.All(celebrations, r => Assert.Equal(WriteStatus.Done, r.Status));
        Assert.Equal(Enumerable.Range(1, Members).Select(Member).OrderBy(p => p.Key), stored.Celebrations.Select(c => c.Person).OrderBy(p => p.Key));
        Assert.Equal(stored.Celebrations.Select(c => c.Person.Key).Order(), entries.Where(e => e.Action == "story celebrate").Select(e => e.Actor.Key).Order());
        Assert.Equal(edits.Count(e => e), entries.Count(e => e.Action == "story edit"));
        Assert.Equal(1 + edits.Count(e => e), stored.Version);
    }

    [Fact]
    public async Task Rsvps_100ConcurrentAgainst50Edits_AllKept()
    {
        await using var stores = await CreateStoresAsync();
        var ev = await stores.Events.AddAsync(Event("Open Councils", Day(25)), AuditBy(Ann, "event add"), Ct);

        var (answers, edits) = await RaceAsync(
            i => stores.Events.SetRsvpAsync(ev.Number, new Rsvp(Member(i), $"Member {i}", RsvpStatus.Going, Day(2)), AuditBy(Member(i), "event rsvp", ev.Id), Ct),
            i => EditEventAsync(stores, ev.Number, $"Open Councils {i}"));

        var stored = (await stores.Events.GetAsync(ev.Number, Ct))!;
        var entries = await stores.Audit.ListAsync(ev.Id, 1000, Ct);
        Report($"{Members} RSVPs against {Edits} edits: {answers.Count(r => r.IsDone)} done, {stored.Rsvps.Count} stored, {edits.Count(e => e)} edits applied");
        Assert.All(answers, r => Assert.Equal(WriteStatus.Done, r.Status));
        Assert.Equal(Members, stored.Count(RsvpStatus.Going));
        Assert.Equal(stored.Rsvps.Select(r => r.Person.Key).Order(), entries.Where(e => e.Action == "event rsvp").Select(e => e.Actor.Key).Order());
        Assert.Equal(edits.Count(e => e), entries.Count(e => e.Action == "event edit"));
    }

    [Fact]
    public async Task Celebrations_100ConcurrentAgainst50HideRestoreDelete_AllKeptAndEveryStatusChangeAudited()
    {
        await using var stores = await CreateStoresAsync();
        var story = await stores.Stories.AddAsync(Story("Search rebuild", Day(1)), AuditBy(Ann, "story share"), Ct);
        ContentStatus[] statuses = [ContentStatus.Hidden, ContentStatus.Published, ContentStatus.Deleted];

        var (celebrations, changes) = await RaceAsync(
            i => stores.Stories.CelebrateAsync(story.Number, new Celebration(Member(i), Day(2)), AuditBy(Member(i), "story celebrate", story.Id), Ct),
            i => stores.Stories.SetStatusAsync(story.Number, statuses[i % 3], Day(3), AuditBy(Mo, "status", story.Id, detail: statuses[i % 3].ToString()), Ct));

        var stored = (await stores.Stories.GetAsync(story.Number, Ct))!;
        var entries = await stores.Audit.ListAsync(story.Id, 1000, Ct);
        var done = changes.Count(c => c.IsDone);
        Report($"{Members} celebrations against {Edits} status changes: {stored.Celebrations.Count} stored, {done} status changes done");
        Assert.All(celebrations, r => Assert.Equal(WriteStatus.Done, r.Status));
        Assert.Equal(Members, stored.Celebrations.Count);
        Assert.Equal(done, entries.Count(e => e.Action == "status"));
        Assert.Equal(entries.First(e => e.Action == "status").Detail, stored.Status.ToString());
        Assert.Equal(1 + done, stored.Version);
    }

    [Fact]
    public async Task Forget_Racing40CelebrationsRsvpsAndSettingsOfThePerson_LeavesNothingOfThem()
    {
        await using var stores = await CreateStoresAsync();
        const int Items = 20;
        var stories = new List<Story>();
        var events = new List<CommunityEvent>();
        for (var i = 0; i < Items; i++)
        {
            stories.Add(await stores.Stories.AddAsync(Story($"Story {i}", Day(1), i % 4 == 0 ? Ann : Bob), AuditBy(Bob, "story share"), Ct));
            events.Add(await stores.Events.AddAsync(Event($"Event {i}", Day(25), i % 4 == 0 ? Ann : Bob), AuditBy(Bob, "event add"), Ct));
        }

        // Every racing write was begun before the erasure (its instant is not after it), as a command that had read the
        // clock before `me forget` committed; each must either be removed by the erasure or refused after it.
        var erasure = new PersonErasure(Ann, new ActorRef("erased", "", "a1b2c3d4e5f60718"), Day(10));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<T> Start<T>(Func<Task<T>> call) => Task.Run(
            async () =>
            {
                await gate.Task;
                return await call();
            },
            Ct);
        var celebrations = stories.Where(s => s.Author != Ann)
            .Select(s => Start(() => stores.Stories.CelebrateAsync(s.Number, new Celebration(Ann, Day(10)), AuditBy(Ann, "story celebrate", s.Id), Ct))).ToList();
        var rsvps = events.Select(e => Start(() => stores.Events.SetRsvpAsync(e.Number, new Rsvp(Ann, "Ann", RsvpStatus.Going, Day(9)), AuditBy(Ann, "event rsvp", e.Id), Ct))).ToList();
        var settings = Enumerable.Range(0, 5).Select(i => Start(() => stores.MemberSettings.SetReminderDirectMessagesAsync(Ann, i % 2 == 0, Day(10), AuditBy(Ann, "reminders", Ann.Key), Ct))).ToList();
        var forget = Start(async () =>
        {
            var fromStories = await stores.Stories.ForgetPersonAsync(erasure, Ct);
            var fromEvents = await stores.Events.ForgetPersonAsync(erasure, Ct);
            var fromMembers = await stores.MemberSettings.ForgetPersonAsync(erasure, Ct);
            return (fromStories, fromEvents, fromMembers);
        });
        gate.SetResult();
        var (forgotStories, forgotEvents, _) = await forget;
        var celebrated = await Task.WhenAll(celebrations);
        var answered = await Task.WhenAll(rsvps);
        await Task.WhenAll(settings);

        var storiesLeft = await stores.Stories.ListInvolvingAsync(Ann, Ct);
        var eventsLeft = await stores.Events.ListInvolvingAsync(Ann, Ct);
        Report($"forget racing {celebrations.Count} celebrations, {rsvps.Count} RSVPs and {settings.Count} settings writes: " +
               $"{celebrated.Count(r => r.IsDone)} celebrations landed before it and {celebrated.Count(r => r.Status == WriteStatus.Erased)} were refused after it; " +
               $"{storiesLeft.Count} stories and {eventsLeft.Count} events still involve the person");
        Assert.Empty(storiesLeft);
        Assert.Empty(eventsLeft);
        Assert.Null(await stores.MemberSettings.GetAsync(Ann, Ct));
        Assert.All(celebrated, r => Assert.Contains(r.Status, new[] { WriteStatus.Done, WriteStatus.Erased }));
        Assert.All(answered, r => Assert.Contains(r.Status, new[] { WriteStatus.Done, WriteStatus.Erased }));
        Assert.Equal((Items / 4, celebrated.Count(r => r.IsDone)), (forgotStories.Anonymised, forgotStories.Removed));
        Assert.Equal((Items / 4, answered.Count(r => r.IsDone)), (forgotEvents.Anonymised, forgotEvents.Removed));

        // The audit log agrees: an entry for each write that happened, none for a refused one, one per record erased.
        var mine = await stores.Audit.ListByActorAsync(Ann, Ct);
        Assert.Equal(celebrated.Count(r => r.IsDone), mine.Count(e => e.Action == "story celebrate"));
        Assert.Equal(answered.Count(r => r.IsDone), mine.Count(e => e.Action == "event rsvp"));
        var forgetEntries = await stores.Audit.ListByActorAsync(erasure.Pseudonym, Ct);
        var changedRecords = forgotStories.Anonymised + forgotStories.Removed + events.Zip(answered).Count(p => p.First.Organiser == Ann || p.Second.IsDone);
        Assert.Equal(changedRecords, forgetEntries.Count(e => e.Target.StartsWith("S-", StringComparison.Ordinal) || e.Target.StartsWith("E-", StringComparison.Ordinal)));

        // And the person's activity after the erasure is theirs again.
        var later = await stores.Stories.CelebrateAsync(stories[1].Number, new Celebration(Ann, Day(10, 9, 0, 1)), AuditBy(Ann, "story celebrate", stories[1].Id), Ct);
        Assert.Equal(WriteStatus.Done, later.Status);
    }

    [Fact]
    public async Task Forget_TheStoreKeepsNoReadableTraceOfThePerson()
    {
        await using var stores = await CreateStoresAsync();
        var story = await stores.Stories.AddAsync(Story("Search", Day(1), Bob), AuditBy(Bob, "story share"), Ct);
        await stores.Stories.CelebrateAsync(story.Number, new Celebration(Ann, Day(2)), AuditBy(Ann, "story celebrate", story.Id), Ct);
        var erasure = new PersonErasure(Ann, new ActorRef("erased", "", "0f1e2d3c4b5a6978"), Day(3));

        await stores.Stories.ForgetPersonAsync(erasure, Ct);
        await stores.Events.ForgetPersonAsync(erasure, Ct);
        await stores.MemberSettings.ForgetPersonAsync(erasure, Ct);
        await stores.Audit.RedactActorAsync(Ann, erasure.Pseudonym, Ct);

        Assert.Empty(await stores.Stories.ListInvolvingAsync(Ann, Ct));
        Assert.Empty(await stores.Audit.ListByActorAsync(Ann, Ct));
        Assert.DoesNotContain(await stores.Audit.ListAsync(null, 100, Ct), e => e.ActorName == Ann.UserId || e.Actor.UserId == Ann.UserId);
        var entry = Assert.Single(await stores.Audit.ListAsync(story.Id, 100, Ct), e => e.Action == "me.forget");
        Assert.Equal((erasure.Pseudonym, PersonErasure.FormerMember), (entry.Actor, entry.ActorName));
    }

    /// <summary>Runs <see cref="Members"/> calls of <paramref name="member"/> and <see cref="Edits"/> of <paramref name="edit"/> at once, started interleaved.</summary>
    private async Task<(TMember[] Members, TEdit[] Edits)> RaceAsync<TMember, TEdit>(Func<int, Task<TMember>> member, Func<int, Task<TEdit>> edit)
    {
        // A start gate, not a blocking Barrier: 150 threads blocked in a Barrier would starve the thread pool.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<T> Start<T>(Func<Task<T>> call) => Task.Run(
            async () =>
            {
                await gate.Task;
                return await call();
            },
            Ct);
        var members = new List<Task<TMember>>();
        var edits = new List<Task<TEdit>>();
        for (var i = 1; i <= Members; i++)
        {
            var n = i;
            members.Add(Start(() => member(n)));
            if (n % (Members / Edits) == 0)
            {
                edits.Add(Start(() => edit(n / (Members / Edits))));
            }
        }

        gate.SetResult();
        return (await Task.WhenAll(members), await Task.WhenAll(edits));
    }

    /// <summary>An edit as the handler makes it: read, apply only the typed field, compare-and-swap, retry a bounded number of times.</summary>
    private static async Task<bool> EditStoryAsync(ContractStores stores, int number, string title)
    {
        for (var attempt = 0; attempt < CompareAndSwap.MaxAttempts; attempt++)
        {
            var read = (await stores.Stories.GetAsync(number, Ct))!;
            var result = await stores.Stories.UpdateContentAsync(read with { Title = title, UpdatedAt = Day(3) }, AuditBy(Ann, "story edit", read.Id), Ct);
            if (result.Status != WriteStatus.Conflict)
            {
                return result.IsDone;
            }
        }

        return false;
    }

    private static async Task<bool> EditEventAsync(ContractStores stores, int number, string title)
    {
        for (var attempt = 0; attempt < CompareAndSwap.MaxAttempts; attempt++)
        {
            var read = (await stores.Events.GetAsync(number, Ct))!;
            var result = await stores.Events.UpdateDetailsAsync(read with { Title = title, UpdatedAt = Day(3) }, AuditBy(Ann, "event edit", read.Id), Ct);
            if (result.Status != WriteStatus.Conflict)
            {
                return result.IsDone;
            }
        }

        return false;
    }

    private static void Report(string figures) => TestContext.Current.SendDiagnosticMessage(figures);
}

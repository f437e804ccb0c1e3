using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Tests.Support;
using Dpse.Testing;

namespace Dpse.Core.Tests.Concurrency;

/// <summary>
/// What people see when many of them act on one story or event at the same moment, through the router as adapters
/// call it: every confirmation they were given is still true afterwards, and the audit log says the same as the data.
/// The calls run truly in parallel (Task.Run behind a start barrier) over stores that yield on every call, as a real
/// store does while it waits for its file or server.
/// </summary>
public sealed class ConcurrentCommandsTests : IDisposable
{
    private const int Celebrators = 100;
    private const int Edits = 50;

    private readonly TestExchange _exchange = TestExchange.Create();

    public ConcurrentCommandsTests() => _exchange.Stores.YieldEveryCall = true;

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _exchange.Dispose();

    private static Actor Member(int i) => new(new ActorRef(Platforms.Slack, "T1", $"U-{i:D3}"), $"Member {i}", IsModerator: false);

    [Fact]
    public async Task StoryCelebrate_100MembersWhileAuthorEdits50Times_EveryConfirmedCelebrationKept()
    {
        await _exchange.ShareAsync("Search rebuild", actor: TestExchange.Alice);
        var (celebrations, edits) = await RaceAsync(
            i => _exchange.RunAsync("story celebrate S-1", Member(i)),
            i => _exchange.RunAsync($"story edit S-1 title:\"Search rebuild, take {i}\"", TestExchange.Alice));

        var confirmed = celebrations.Count(r => !r.IsError && Text(r).Contains("celebrated S-1", StringComparison.Ordinal));
        var story = (await _exchange.Stores.Stories.GetAsync(1, Ct))!;
        var audited = _exchange.Stores.Audit.Entries.Count(e => e.Action == "story.celebrate");
        var figures = $"{Celebrators} celebrations against {Edits} edits: {confirmed} confirmed, {story.Celebrations.Count} stored, {audited} audited; {edits.Count(r => !r.IsError)} edits applied";
        TestContext.Current.SendDiagnosticMessage(figures);

        Assert.True(confirmed == Celebrators && story.Celebrations.Count == Celebrators, figures);
        Assert.Equal(Celebrators, story.Celebrations.Count);
        Assert.Equal(Celebrators, audited);
        AssertEditsAudited(edits, "story.edit");
    }

    [Fact]
    public async Task EventRsvp_100MembersWhileOrganiserEdits50Times_EveryConfirmedAnswerKept()
    {
        await _exchange.RunOkAsync("event add title:\"Open Councils\" start:\"2026-12-03 14:00\"", TestExchange.Alice);
        var (answers, edits) = await RaceAsync(
            i => _exchange.RunAsync("event rsvp E-1 going", Member(i)),
            i => _exchange.RunAsync($"event edit E-1 title:\"Open Councils {i}\"", TestExchange.Alice));

        var confirmed = answers.Count(r => !r.IsError);
        var ev = (await _exchange.Stores.Events.GetAsync(1, Ct))!;
        var audited = _exchange.Stores.Audit.Entries.Count(e => e.Action == "event.rsvp");
        var figures = $"{Celebrators} RSVPs against {Edits} edits: {confirmed} confirmed, {ev.Rsvps.Count} stored, {audited} audited; {edits.Count(r => !r.IsError)} edits applied";
        TestContext.Current.SendDiagnosticMessage(figures);

        Assert.True(confirmed == Celebrators && ev.Rsvps.Count == Celebrators, figures);
        Assert.Equal(Celebrators, ev.Rsvps.Count);
        Assert.Equal(Celebrators, audited);
        AssertEditsAudited(edits, "event.edit");
    }

    [Fact]
    public async Task MeForget_WhileTheSamePersonCelebrates_NothingOfThemLeftAfterDone()
    {
        for (var i = 1; i <= 20; i++)
        {
            await _exchange.ShareAsync($"Story {i}", actor: TestExchange.Bob);
        }

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var celebrate = Enumerable.Range(1, 20).Select(i => Task.Run(
            async () =>
            {
                await gate.Task;
                return await _exchange.RunAsync($"story celebrate S-{i}", TestExchange.Alice);
            },
            Ct)).ToList();
        var forget = Task.Run(
            async () =>
            {
                await gate.Task;
                return await _exchange.RunAsync("me forget confirm:yes", TestExchange.Alice);
            },
            Ct);
        gate.SetResult();
        var done = await forget;
        await Task.WhenAll(celebrate);

        Assert.StartsWith("Done.", Text(done), StringComparison.Ordinal);
        var left = (await _exchange.Stores.Stories.ListInvolvingAsync(TestExchange.Alice.Ref, Ct)).Count;
        var entries = _exchange.Stores.Audit.Entries.Count(e => e.Actor == TestExchange.Alice.Ref);
        var figures = $"me forget racing 20 celebrations: {left} stories still hold a celebration by the person, {entries} audit entries still name them";
        TestContext.Current.SendDiagnosticMessage(figures);
        Assert.True(left == 0, figures);
        Assert.Equal(0, entries);
    }

    /// <summary>Runs <see cref="Celebrators"/> calls of <paramref name="member"/> and <see cref="Edits"/> of <paramref name="edit"/> at once.</summary>
    private async Task<(IReadOnlyList<Reply> Members, IReadOnlyList<Reply> Edits)> RaceAsync(Func<int, Task<Reply>> member, Func<int, Task<Reply>> edit)
    {
        // A start gate rather than a blocking Barrier: 150 blocked pool threads would starve the pool for a minute.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<Reply> Start(Func<Task<Reply>> call) => Task.Run(
            async () =>
            {
                await gate.Task;
                return await call();
            },
            Ct);
        // Started interleaved (two members, one edit, ...) so neither kind queues up behind the other.
        var members = new List<Task<Reply>>();
        var edits = new List<Task<Reply>>();
        for (var i = 1; i <= Celebrators; i++)
        {
            var n = i;
            members.Add(Start(() => member(n)));
            if (i % (Celebrators / Edits) == 0)
            {
                edits.Add(Start(() => edit(n / (Celebrators / Edits))));
            }
        }

        gate.SetResult();
        return (await Task.WhenAll(members), await Task.WhenAll(edits));
    }

    private void AssertEditsAudited(IReadOnlyList<Reply> edits, string action)
    {
        var applied = edits.Count(r => !r.IsError);
        Assert.Equal(applied, _exchange.Stores.Audit.Entries.Count(e => e.Action == action));
        Assert.All(edits.Where(r => r.IsError), r => Assert.Contains("at the same moment, so nothing was saved. Please try again.", Text(r), StringComparison.Ordinal));
    }

    private static string Text(Reply reply) => PlainTextRenderer.Render(reply.Message);
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Bot.Tests.Shell;

/// <summary>The piped session: two people on one data file, in separate runs, see each other's work.</summary>
public sealed class PipedSessionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static Action<IServiceCollection> At(DateTimeOffset now) => services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(now));

    [Fact]
    public async Task PipedSession_TwoPeopleAcrossRuns_SeeTheExpectedReplies()
    {
        using var run = new BotRun();

        var alice = await run.RunAsync([], """
            story share outcome:failure title:"Search rebuild stalled" org:"Anytown Council" attribution:anonymised org-type:"a district council" sector:"local government" tags:search,solr summary:"Solr could not be upgraded." lessons:"Check the hosting contract first."
            story share outcome:success title:"Accessible forms" org:"Northshire County Council" tags:forms,accessibility summary:"Webform replaced PDF forms."
            story search solr
            story show S-1
            """, user: "alice", overrides: At(Now));

        Assert.Equal(0, alice.ExitCode);
        Assert.Contains("New failure story shared: S-1", alice.Output);
        Assert.Contains("New success story shared: S-2", alice.Output);
        Assert.Contains("S-1 · Search rebuild stalled", alice.Output);
        Assert.Contains("Page 1 of 1 · 1 story", alice.Output);
        // The author sees the real organisation of her anonymised story, marked as such.
        Assert.Contains("Organisation: Anytown Council (anonymised: only you and moderators see this)", alice.Output);

        var bob = await run.RunAsync([], """
            story show S-1
            story celebrate S-1
            story celebrate S-1
            event add title:"Open Councils" start:"2026-12-03 14:00" tz:Europe/London duration:2h where:"https://example.org/meet"
            event rsvp E-1 going
            digest preview
            story edit S-1 title:"Mine now"
            story delete S-1
            """, user: "bob", overrides: At(Now.AddHours(1)));

        // Bob's session had refused commands (celebrating twice, editing someone else's story): exit code 1.
        Assert.Equal(1, bob.ExitCode);
        Assert.DoesNotContain("Anytown", bob.Output);
        Assert.Contains("Organisation: a district council", bob.Output);
        Assert.Contains("🎉 bob celebrated S-1 · Search rebuild stalled (1 celebration)", bob.Output);
        Assert.Contains("You have already celebrated S-1; each person counts once.", bob.Output);
        Assert.Contains("E-1 · Open Councils", bob.Output);
        Assert.Contains("Thu 3 Dec 2026, 14:00 GMT (Europe/London)", bob.Output);
        Assert.Contains("You're going to E-1 · Open Councils", bob.Output);
        Assert.Contains("DPSE weekly digest", bob.Output);
        Assert.Contains("Error: Only the author of S-1 or a moderator can edit it.", bob.Output);
        Assert.Contains("Error: Only the author of S-1 or a moderator can delete it.", bob.Output);

        // A third run on the same file still sees everything, including the one celebration.
        var again = await run.RunAsync([], "story show S-1\nevent show E-1\n", user: "alice", overrides: At(Now.AddHours(2)));
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("S-1 · Search rebuild stalled", again.Output);
        Assert.Contains("1 celebration", again.Output);
        Assert.Contains("1 going · 0 interested", again.Output);
    }

    [Fact]
    public async Task PipedSession_FormFieldsMissing_ReportsMissingFieldsAndWritesNothing()
    {
        using var run = new BotRun();

        var result = await run.RunAsync([], "story share outcome:success title:\"No summary\"\nstory list\n", overrides: At(Now));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error: Missing required option: summary. Usage: /dpse story share", result.Output);
        Assert.Contains("No stories yet.", result.Output);
    }

    [Fact]
    public async Task PipedSession_BadInput_GetsOneLineErrorsAndTheSessionGoesOn()
    {
        using var run = new BotRun();

        var result = await run.RunAsync([], """
            story frobnicate
            story share outcome:maybe title:x summary:y
            event add title:"Late" start:"2027-03-28 01:30" tz:Europe/London
            story show S-99
            help story share
            """, overrides: At(Now));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error: 'story frobnicate' is not a command. Usage: /dpse story share|show|search|list|edit|delete|celebrate", result.Output);
        Assert.Contains("Error: Outcome 'maybe' is not one of success, partial, failure, abandoned.", result.Output);
        Assert.Contains("Error: 2027-03-28 01:30 does not exist in Europe/London: the clocks go forward then.", result.Output);
        Assert.Contains("Error: S-99 was not found.", result.Output);
        Assert.Contains("/dpse story share <", result.Output.Replace("/dpse story share outcome", "/dpse story share <", StringComparison.Ordinal));
    }
}

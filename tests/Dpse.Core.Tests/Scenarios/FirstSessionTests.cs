using Dpse.Core.Tests.Support;
using Dpse.Testing;

namespace Dpse.Core.Tests.Scenarios;

/// <summary>The first session, through the whole core as the shell would print it, across two platforms.</summary>
public sealed class FirstSessionTests
{
    [Fact]
    public async Task Session_ShareSearchShowCelebrateEventRsvpPreviewEditDelete_RepliesAsExpected()
    {
        using var exchange = TestExchange.Create();
        var alice = TestExchange.Alice;
        var bob = TestExchange.Bob;

        Assert.StartsWith("  New failure story shared: S-1 (anonymised: the channel sees the card below without the organisation; the author and moderators see it with /dpse story show S-1)\nS-1 · Search rebuild stalled\n", await exchange.RunOkAsync(
            "/dpse story share outcome:failure title:\"Search rebuild stalled\" org:\"Anytown Council\" attribution:anonymised sector:\"local government\" tags:search,solr summary:\"Our Solr rebuild stalled for a year.\" lessons:\"Index content early.\"", alice),
            StringComparison.Ordinal);
        Assert.StartsWith("  New success story shared: S-2\nS-2 · Webform replatform\n", await exchange.RunOkAsync(
            "/dpse story share outcome:success title:\"Webform replatform\" org:\"Borsetshire NHS Trust\" sector:health tags:webform summary:\"Moved 300 forms to Webform in six weeks.\"", bob, TestExchange.DiscordChannel),
            StringComparison.Ordinal);

        var search = await exchange.RunOkAsync("/dpse story search solr outcome:failure", bob);
        Assert.Contains("S-1 · Search rebuild stalled", search, StringComparison.Ordinal);
        Assert.DoesNotContain("Anytown", search, StringComparison.Ordinal);
        Assert.DoesNotContain("S-2", search, StringComparison.Ordinal);

        Assert.Contains("What we learned\nIndex content early.", await exchange.RunOkAsync("/dpse story show S-1", bob), StringComparison.Ordinal);

        Assert.Equal("🎉 Bob celebrated S-1 · Search rebuild stalled (1 celebration)", await exchange.RunOkAsync("/dpse story celebrate S-1", bob));
        Assert.Equal("You have already celebrated S-1; each person counts once.", await exchange.RunOkAsync("/dpse story celebrate S-1", bob));
        Assert.Contains("🎉 1 celebration", await exchange.RunOkAsync("/dpse story show S-1", alice), StringComparison.Ordinal);

        Assert.Contains("When: Thu 3 Dec 2026, 14:00 GMT (Europe/London) for 2h", await exchange.RunOkAsync(
            "/dpse event add title:\"Open Councils\" start:\"2026-12-03 14:00\" tz:Europe/London duration:2h where:\"https://example.org/meet\"", alice),
            StringComparison.Ordinal);
        Assert.StartsWith("You're going to E-1 · Open Councils, Thu 3 Dec 2026, 14:00 GMT (Europe/London).", await exchange.RunOkAsync("/dpse event rsvp E-1 going", bob), StringComparison.Ordinal);

        exchange.Time.Advance(TimeSpan.FromMinutes(1));
        var preview = await exchange.RunOkAsync("/dpse digest preview", bob, TestExchange.DiscordChannel);
        Assert.Contains("Search rebuild stalled", preview, StringComparison.Ordinal);
        Assert.Contains("Webform replatform", preview, StringComparison.Ordinal);
        Assert.Contains("Open Councils", preview, StringComparison.Ordinal);

        Assert.StartsWith("  Updated S-2: title.\nS-2 · Webform replatform done\n", await exchange.RunOkAsync("/dpse story edit S-2 title:\"Webform replatform done\"", bob), StringComparison.Ordinal);
        Assert.Equal("Error: Only the author of S-2 or a moderator can delete it.", await exchange.RunFailingAsync("/dpse story delete S-2", alice));
        Assert.Contains("S-2 · Webform replatform done", await exchange.RunOkAsync("/dpse story show S-2", alice), StringComparison.Ordinal);
    }
}

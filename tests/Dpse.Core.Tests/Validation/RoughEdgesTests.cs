using Dpse.Core.Help;
using Dpse.Core.Messages;
using Dpse.Core.Tests.Support;
using Dpse.Testing;

namespace Dpse.Core.Tests.Validation;

/// <summary>What a newcomer reads: page numbers that agree, help lines that separate the command from its description.</summary>
public sealed class RoughEdgesTests : IDisposable
{
    private readonly TestExchange _exchange = TestExchange.Create();

    public void Dispose() => _exchange.Dispose();

    [Fact]
    public async Task StoryList_PageBeyondAThousand_IsAnsweredLikeAnyPagePastTheEnd()
    {
        await _exchange.RunOkAsync("story share outcome:success title:T summary:S");

        var shown = await _exchange.RunFailingAsync("story list page:1001");

        Assert.Equal("Error: Page 1001 is past the end: there is 1 page.", shown);
    }

    [Fact]
    public void HelpOverview_EachLine_SeparatesTheCommandFromItsDescription()
    {
        var shown = PlainTextRenderer.Render(HelpCommand.Overview());

        Assert.Contains("\n/dpse story share — Share a project success or failure\n", shown, StringComparison.Ordinal);
        Assert.Contains("\n/dpse mod export — Export every story and event as JSON (moderators)", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandReference_RemindersOn_SaysAChannelNeedsAModerator()
    {
        var row = CommandReference.Markdown().Split('\n').Single(l => l.StartsWith("| `/dpse reminders on", StringComparison.Ordinal));

        Assert.EndsWith("| moderators (channel); anyone (dm) |", row, StringComparison.Ordinal);
    }
}

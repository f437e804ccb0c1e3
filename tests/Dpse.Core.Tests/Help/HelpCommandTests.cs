using Dpse.Core.Commands;
using Dpse.Core.Messages;
using Dpse.Core.Tests.Support;
using Dpse.Testing;

namespace Dpse.Core.Tests.Help;

public sealed class HelpCommandTests
{
    public static TheoryData<string> Paths() => [.. CommandCatalogue.All.Select(c => c.Path.Value)];

    [Fact]
    public async Task Help_Overview_ListsEveryCatalogueCommandOnlyToTheInvoker()
    {
        using var exchange = TestExchange.Create();

        var reply = await exchange.RunAsync("/dpse help");
        var shown = PlainTextRenderer.Render(reply.Message);

        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        Assert.StartsWith("Drupal Public Sector Exchange", shown, StringComparison.Ordinal);
        Assert.All(CommandCatalogue.All, spec => Assert.Contains($"/dpse {spec.Path} — {spec.Description}", shown, StringComparison.Ordinal));
        Assert.Contains("/dpse mod export — Export every story and event as JSON (moderators)", shown, StringComparison.Ordinal);
        Assert.Contains("S-12, s12 or 12", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_EmptyCommand_IsTheOverview()
    {
        using var exchange = TestExchange.Create();

        Assert.Equal(await exchange.RunTextAsync("help"), await exchange.RunTextAsync("/dpse"));
    }

    [Fact]
    public async Task Help_StoryShare_ShowsUsageOptionsAndForm()
    {
        using var exchange = TestExchange.Create();

        var shown = await exchange.RunOkAsync("/dpse help story share");

        Assert.StartsWith("/dpse story share\n=================\nShare a project success or failure.\nUsage\n" + CommandCatalogue.StoryShare.Usage + "\n", shown, StringComparison.Ordinal);
        Assert.Contains("title:\"text\" — One-line title (up to 120 characters)", shown, StringComparison.Ordinal);
        Assert.Contains("[links:https://…] — http/https links, comma-separated", shown, StringComparison.Ordinal);
        Assert.Contains("Leave out title, summary, lessons, context, happened and a form asks for them.", shown, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Help_EveryCommand_ShowsTheCatalogueUsageAndEachOptionUsage(string path)
    {
        using var exchange = TestExchange.Create();
        var spec = CommandCatalogue.Find(path)!;

        var shown = await exchange.RunOkAsync($"help {path}");
        var lines = shown.Split('\n');

        Assert.Equal($"/dpse {path}", lines[0]);
        Assert.Contains(spec.Usage, lines);
        Assert.All(spec.Options, o => Assert.Contains(lines, l => l.StartsWith(o.Usage + " — " + o.Description, StringComparison.Ordinal)));
        if (spec.Permission == Permission.Moderator)
        {
            Assert.Contains("Moderators only.", shown, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("help /dpse story show")]
    [InlineData("help STORY SHOW")]
    public async Task Help_CommandWithPrefixOrCapitals_IsFound(string text)
    {
        using var exchange = TestExchange.Create();

        var shown = await exchange.RunOkAsync(text);

        Assert.StartsWith("/dpse story show\n", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Group_ListsItsCommandsWithUsage()
    {
        using var exchange = TestExchange.Create();

        var shown = await exchange.RunOkAsync("help event");

        Assert.StartsWith("/dpse event\n", shown, StringComparison.Ordinal);
        Assert.All(CommandCatalogue.All.Where(c => c.Path.Segments[0] == "event"), c => Assert.Contains(c.Usage, shown, StringComparison.Ordinal));
        Assert.DoesNotContain("/dpse story", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_UnknownCommand_IsError()
    {
        using var exchange = TestExchange.Create();

        var shown = await exchange.RunFailingAsync("help teleport");

        Assert.Equal("Error: There is no command 'teleport'. Type /dpse help for the list.", shown);
    }
}

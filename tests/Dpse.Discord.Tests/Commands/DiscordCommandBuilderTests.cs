using System.Text.Json.Nodes;
using Dpse.Core.Commands;
using Dpse.Discord.Commands;

namespace Dpse.Discord.Tests.Commands;

public sealed class DiscordCommandBuilderTests
{
    private static JsonObject Root => DiscordCommandBuilder.Build(CommandCatalogue.All)[0]!.AsObject();

    private static JsonObject Find(JsonObject node, string name) =>
        node["options"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == name)!.AsObject();

    [Fact]
    public void Build_Catalogue_OneDpseCommandWithGroupsAndHelpSubcommand()
    {
        var root = Root;
        Assert.Equal("dpse", root["name"]!.GetValue<string>());
        Assert.Equal(1, root["type"]!.GetValue<int>());
        Assert.Equal(1, Find(root, "help")["type"]!.GetValue<int>());
        var story = Find(root, "story");
        Assert.Equal(2, story["type"]!.GetValue<int>());
        Assert.Equal(1, Find(story, "share")["type"]!.GetValue<int>());
        Assert.Equal(["help", "story", "event", "digest", "reminders", "mod", "me"], root["options"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void Build_Options_TypedWithBoundsChoicesAndAutocomplete()
    {
        var share = Find(Find(Root, "story"), "share");
        var title = Find(share, "title");
        Assert.Equal(3, title["type"]!.GetValue<int>());
        Assert.Equal(120, title["max_length"]!.GetValue<int>());
        Assert.True(title["required"]!.GetValue<bool>());
        var outcome = Find(share, "outcome");
        Assert.Equal(["success", "partial", "failure", "abandoned"], outcome["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        Assert.True(Find(share, "tags")["autocomplete"]!.GetValue<bool>());
        var page = Find(Find(Find(Root, "story"), "list"), "page");
        Assert.Equal(4, page["type"]!.GetValue<int>());
        Assert.Equal(1, page["min_value"]!.GetValue<long>());
        Assert.Equal(8388607, page["max_value"]!.GetValue<long>());
    }

    [Fact]
    public void Build_RequiredOptions_ComeFirst()
    {
        var edit = Find(Find(Root, "story"), "edit");
        var required = edit["options"]!.AsArray().Select(o => o!["required"]!.GetValue<bool>()).ToList();
        Assert.True(required[0]);
        Assert.Equal(required.OrderByDescending(r => r), required);
    }

    [Fact]
    public void Build_TooManyChoices_FailsNamingTheOption()
    {
        var spec = new CommandSpec(new("story pick"), "Pick", [new("colour", OptionKind.Choice, "A colour") { Choices = [.. Enumerable.Range(0, 26).Select(i => $"c{i}")] }], Permission.Anyone);
        var e = Assert.Throws<InvalidOperationException>(() => DiscordCommandBuilder.Build([spec]));
        Assert.Contains("/dpse story pick colour: more than 25 choices", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UpperCaseName_Fails()
    {
        var spec = new CommandSpec(new("story pick"), "Pick", [new("Colour", OptionKind.Text, "A colour")], Permission.Anyone);
        var e = Assert.Throws<InvalidOperationException>(() => DiscordCommandBuilder.Build([spec]));
        Assert.Contains("Colour: name must be", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_LongDescription_Fails()
    {
        var spec = new CommandSpec(new("story pick"), new string('d', 101), [], Permission.Anyone);
        var e = Assert.Throws<InvalidOperationException>(() => DiscordCommandBuilder.Build([spec]));
        Assert.Contains("description must be 1-100", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MoreThan25Options_Fails()
    {
        var spec = new CommandSpec(new("story pick"), "Pick", [.. Enumerable.Range(0, 26).Select(i => new OptionSpec($"o{i}", OptionKind.Text, "x"))], Permission.Anyone);
        var e = Assert.Throws<InvalidOperationException>(() => DiscordCommandBuilder.Build([spec]));
        Assert.Contains("more than 25 options", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MaxLengthOver6000_Fails()
    {
        var spec = new CommandSpec(new("story pick"), "Pick", [new("text", OptionKind.LongText, "x") { MaxLength = 7000 }], Permission.Anyone);
        var e = Assert.Throws<InvalidOperationException>(() => DiscordCommandBuilder.Build([spec]));
        Assert.Contains("max_length must be 1-6000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_TextOver8000_Fails()
    {
        var specs = Enumerable.Range(0, 90).Select(i => new CommandSpec(new($"g{i / 20} c{i}"), new string('d', 100), [], Permission.Anyone)).ToList();
        var e = Assert.Throws<InvalidOperationException>(() => DiscordCommandBuilder.Build(specs));
        Assert.Contains("Discord allows 8000", e.Message, StringComparison.Ordinal);
    }
}

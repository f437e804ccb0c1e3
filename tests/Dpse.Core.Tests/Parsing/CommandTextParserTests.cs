using Dpse.Core.Commands;
using Dpse.Core.Parsing;

namespace Dpse.Core.Tests.Parsing;

public sealed class CommandTextParserTests
{
    [Theory]
    [InlineData("/dpse story show S-12")]
    [InlineData("story show S-12")]
    [InlineData("  /DPSE   story   SHOW   S-12  ")]
    [InlineData("/dpse\tstory show S-12")]
    public void Parse_PrefixOptionalAndCaseInsensitive_FindsCommand(string text)
    {
        var parsed = CommandTextParser.Parse(text);

        Assert.True(parsed.Success, parsed.Error);
        Assert.Same(CommandCatalogue.StoryShow, parsed.Spec);
        Assert.Equal("S-12", parsed.Options["story"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/dpse")]
    [InlineData(null)]
    public void Parse_Nothing_IsHelp(string? text)
    {
        var parsed = CommandTextParser.Parse(text);

        Assert.True(parsed.Success);
        Assert.Same(CommandCatalogue.Help, parsed.Spec);
        Assert.Empty(parsed.Options);
    }

    [Fact]
    public void Parse_PrefixGluedToWord_IsNotThePrefix()
    {
        var parsed = CommandTextParser.Parse("/dpsestory show 1");

        Assert.False(parsed.Success);
        Assert.Contains("Unknown command '/dpsestory'", parsed.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("help", "help")]
    [InlineData("story list", "story list")]
    [InlineData("event add title:x start:\"2027-01-01 10:00\"", "event add")]
    [InlineData("digest preview", "digest preview")]
    [InlineData("reminders on dm", "reminders on")]
    [InlineData("mod export", "mod export")]
    [InlineData("me forget confirm:yes", "me forget")]
    public void Parse_SubcommandPath_FindsCommand(string text, string path)
    {
        var parsed = CommandTextParser.Parse(text);

        Assert.True(parsed.Success, parsed.Error);
        Assert.Equal(path, parsed.Spec!.Path.Value);
    }

    [Fact]
    public void Parse_KeyValueOptions_AreReadByName()
    {
        var parsed = CommandTextParser.Parse("/dpse story list outcome:failure TAG:solr sector:health page:2");

        Assert.True(parsed.Success, parsed.Error);
        Assert.Equal("failure", parsed.Options["outcome"]);
        Assert.Equal("solr", parsed.Options["tag"]);
        Assert.Equal("health", parsed.Options["sector"]);
        Assert.Equal("2", parsed.Options["page"]);
    }

    [Fact]
    public void Parse_QuotedValueWithEscapes_IsUnescaped()
    {
        var parsed = CommandTextParser.Parse(@"story share title:""Say \""hi\"" to C:\\temp"" summary:""a b""");

        Assert.True(parsed.Success, parsed.Error);
        Assert.Equal(@"Say ""hi"" to C:\temp", parsed.Options["title"]);
        Assert.Equal("a b", parsed.Options["summary"]);
    }

    [Fact]
    public void Parse_BackslashBeforeOtherCharacter_IsKept()
    {
        var parsed = CommandTextParser.Parse(@"story share title:""a\nb\x""");

        Assert.True(parsed.Success, parsed.Error);
        Assert.Equal(@"a\nb\x", parsed.Options["title"]);
    }

    [Fact]
    public void Parse_CurlyQuotes_AreQuotes()
    {
        var parsed = CommandTextParser.Parse("/dpse story share title:\u201CSearch rebuild stalled\u201D org:\u201CAnytown Council\u201D");

        Assert.True(parsed.Success, parsed.Error);
        Assert.Equal("Search rebuild stalled", parsed.Options["title"]);
        Assert.Equal("Anytown Council", parsed.Options["org"]);
    }

    [Fact]
    public void Parse_EmptyQuotedValue_IsEmpty()
    {
        var parsed = CommandTextParser.Parse("story list tag:\"\"");

        Assert.True(parsed.Success, parsed.Error);
        Assert.Equal("", parsed.Options["tag"]);
    }

    [Fact]
    public void Parse_PositionalText_TakesTheRestOfTheWords()
    {
        var parsed = CommandTextParser.Parse("/dpse story search council search rebuild");

        Assert.True(parsed.Success, parsed.Error);
        Assert.Same(CommandCatalogue.StorySearch, parsed.Spec);
        Assert.Equal("council search rebuild", parsed.Options["query"]);
    }

    [Fact]
    public void Parse_PositionalMixedWithOptions_CollectsWordsAroundOptions()
    {
        var parsed = CommandTextParser.Parse("/dpse story search solr outcome:failure rebuild tag:search");

        Assert.True(parsed.Success, parsed.Error);
        Assert.Equal("solr rebuild", parsed.Options["query"]);
        Assert.Equal("failure", parsed.Options["outcome"]);
        Assert.Equal("search", parsed.Options["tag"]);
    }

    [Fact]
    public void Parse_QuotedPositional_KeepsSpaces()
    {
        var parsed = CommandTextParser.Parse("story search \"council  search\"");

        Assert.True(parsed.Success, parsed.Error);
        Assert.Equal("council  search", parsed.Options["query"]);
    }

    [Fact]
    public void Parse_TwoPositionals_FirstTakesOneWordLastTakesTheRest()
    {
        var parsed = CommandTextParser.Parse("/dpse event rsvp E-3 not going");

        Assert.True(parsed.Success, parsed.Error);
        Assert.Equal("E-3", parsed.Options["event"]);
        Assert.Equal("not going", parsed.Options["answer"]);
    }

    [Fact]
    public void Parse_PositionalGivenByName_NextPositionalTakesBareWords()
    {
        var parsed = CommandTextParser.Parse("event rsvp going event:E-3");

        Assert.True(parsed.Success, parsed.Error);
        Assert.Equal("E-3", parsed.Options["event"]);
        Assert.Equal("going", parsed.Options["answer"]);
    }

    [Theory]
    [InlineData("story search https://example.org/a:b", "https://example.org/a:b")]
    [InlineData("story search see http://example.org/x?y=1", "see http://example.org/x?y=1")]
    public void Parse_UrlInPositionalText_IsNotAnOption(string text, string query)
    {
        var parsed = CommandTextParser.Parse(text);

        Assert.True(parsed.Success, parsed.Error);
        Assert.Equal(query, parsed.Options["query"]);
    }

    [Fact]
    public void Parse_UrlAsOptionValue_IsKeptWhole()
    {
        var parsed = CommandTextParser.Parse("event add title:Meetup start:\"2027-01-05 18:00\" where:https://example.org/meet?id=1");

        Assert.True(parsed.Success, parsed.Error);
        Assert.Equal("https://example.org/meet?id=1", parsed.Options["where"]);
    }

    [Fact]
    public void Parse_ValueWithColon_KeepsTheColon()
    {
        var parsed = CommandTextParser.Parse("digest subscribe time:09:30");

        Assert.True(parsed.Success, parsed.Error);
        Assert.Equal("09:30", parsed.Options["time"]);
    }

    [Fact]
    public void Parse_HelpWithCommandWords_IsHelpForThatCommand()
    {
        var parsed = CommandTextParser.Parse("/dpse help story share");

        Assert.True(parsed.Success, parsed.Error);
        Assert.Same(CommandCatalogue.Help, parsed.Spec);
        Assert.Equal("story share", parsed.Options["command"]);
    }

    [Fact]
    public void Parse_UnknownCommand_SaysSoAndPointsToHelp()
    {
        var parsed = CommandTextParser.Parse("/dpse frobnicate now");

        AssertOneLine(parsed);
        Assert.Equal("Unknown command 'frobnicate'. Type /dpse help for the list of commands.", parsed.Error);
    }

    [Fact]
    public void Parse_UnknownSubcommand_ShowsTheGroupsSubcommands()
    {
        var parsed = CommandTextParser.Parse("/dpse story frob S-1");

        AssertOneLine(parsed);
        Assert.Equal("'story frob' is not a command. Usage: /dpse story share|show|search|list|edit|delete|celebrate", parsed.Error);
    }

    [Fact]
    public void Parse_GroupWithoutSubcommand_ShowsTheGroupsSubcommands()
    {
        var parsed = CommandTextParser.Parse("event");

        AssertOneLine(parsed);
        Assert.Equal("'event' needs a subcommand. Usage: /dpse event add|show|list|edit|cancel|rsvp", parsed.Error);
    }

    [Fact]
    public void Parse_OnlyOptions_AsksForACommand()
    {
        var parsed = CommandTextParser.Parse("title:x");

        AssertOneLine(parsed);
        Assert.StartsWith("Start with a command", parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownOption_NamesItAndShowsUsage()
    {
        var parsed = CommandTextParser.Parse("/dpse story show S-1 colour:red");

        AssertOneLine(parsed);
        Assert.Equal("Unknown option 'colour' for story show. Usage: /dpse story show <story>", parsed.Error);
    }

    [Fact]
    public void Parse_DuplicateOption_NamesItAndShowsUsage()
    {
        var parsed = CommandTextParser.Parse("story list tag:solr Tag:search");

        AssertOneLine(parsed);
        Assert.Equal($"Option 'tag' is given twice. Usage: {CommandCatalogue.StoryList.Usage}", parsed.Error);
    }

    [Fact]
    public void Parse_UnexpectedText_QuotesItAndShowsUsage()
    {
        var parsed = CommandTextParser.Parse("/dpse story list newest first");

        AssertOneLine(parsed);
        Assert.Equal($"Unexpected text 'newest first' for story list. Usage: {CommandCatalogue.StoryList.Usage}", parsed.Error);
    }

    [Fact]
    public void Parse_UnexpectedQuotedTextWithNewlines_StaysOneLine()
    {
        var parsed = CommandTextParser.Parse("story list \"one\ntwo\"");

        AssertOneLine(parsed);
        Assert.Contains("Unexpected text 'one two'", parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongUnexpectedText_IsShortened()
    {
        var parsed = CommandTextParser.Parse("story list " + new string('x', 500));

        AssertOneLine(parsed);
        Assert.Contains("'" + new string('x', 40) + "…'", parsed.Error, StringComparison.Ordinal);
        Assert.True(parsed.Error!.Length < 400);
    }

    [Fact]
    public void Parse_UnclosedQuote_ExplainsAndShowsUsage()
    {
        var parsed = CommandTextParser.Parse("/dpse story share outcome:success title:\"Search rebuild");

        AssertOneLine(parsed);
        Assert.StartsWith("Unclosed quote", parsed.Error, StringComparison.Ordinal);
        Assert.EndsWith($"Usage: {CommandCatalogue.StoryShare.Usage}", parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnclosedQuoteEndingInEscape_IsUnclosed()
    {
        var parsed = CommandTextParser.Parse(@"story search ""abc\""");

        AssertOneLine(parsed);
        Assert.StartsWith("Unclosed quote", parsed.Error, StringComparison.Ordinal);
        Assert.EndsWith($"Usage: {CommandCatalogue.StorySearch.Usage}", parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooLongInput_IsRefusedWithUsage()
    {
        var parsed = CommandTextParser.Parse("story search " + new string('a', CommandTextParser.MaxInputLength));

        AssertOneLine(parsed);
        Assert.StartsWith($"That command is too long ({CommandTextParser.MaxInputLength + 13} characters; at most {CommandTextParser.MaxInputLength})", parsed.Error, StringComparison.Ordinal);
        Assert.EndsWith($"Usage: {CommandCatalogue.StorySearch.Usage}", parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InputAtTheLimit_IsParsed()
    {
        var text = "story search " + new string('a', CommandTextParser.MaxInputLength - 13);

        var parsed = CommandTextParser.Parse(text);

        Assert.True(parsed.Success, parsed.Error);
    }

    private static void AssertOneLine(ParsedCommand parsed)
    {
        Assert.False(parsed.Success);
        Assert.Null(parsed.Spec);
        Assert.False(string.IsNullOrWhiteSpace(parsed.Error));
        Assert.DoesNotContain('\n', parsed.Error!);
        Assert.DoesNotContain('\r', parsed.Error!);
    }
}

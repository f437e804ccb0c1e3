using System.Text.RegularExpressions;
using Dpse.Core.Commands;
using Dpse.Core.Parsing;
using Dpse.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dpse.Core.Tests.Commands;

public sealed partial class CommandCatalogueTests
{
    public static TheoryData<string> Paths() => [.. CommandCatalogue.All.Select(c => c.Path.Value)];

    [Fact]
    public void All_HasEveryCommandTheDesignNames()
    {
        string[] expected =
        [
            "help",
            "story share", "story show", "story search", "story list", "story edit", "story delete", "story celebrate",
            "event add", "event show", "event list", "event edit", "event cancel", "event rsvp",
            "digest subscribe", "digest unsubscribe", "digest preview", "digest settings",
            "reminders on", "reminders off",
            "mod hide", "mod restore", "mod audit", "mod export",
            "me export", "me forget",
        ];

        Assert.Equal(expected, CommandCatalogue.All.Select(c => c.Path.Value));
    }

    [Fact]
    public void All_PathsAreUnique() =>
        Assert.Equal(CommandCatalogue.All.Count, CommandCatalogue.All.Select(c => c.Path.Value).Distinct().Count());

    [Fact]
    public void All_EveryCommandHasExactlyOneHandler()
    {
        using var exchange = TestExchange.Create();

        var handled = exchange.Services.GetRequiredService<IEnumerable<ICommandHandler>>().Select(h => h.Spec.Path.Value).ToList();

        Assert.Equal(CommandCatalogue.All.Select(c => c.Path.Value).Order(), handled.Order());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Spec_NamesAndDescriptions_FitEveryPlatform(string path)
    {
        var spec = CommandCatalogue.Find(path)!;

        Assert.All(spec.Path.Segments, s => Assert.Matches(NamePattern(), s));
        Assert.InRange(spec.Description.Length, 1, 100);
        Assert.InRange(spec.Options.Count, 0, 25);
        Assert.Equal(spec.Options.Count, spec.Options.Select(o => o.Name).Distinct().Count());
        Assert.All(spec.Options, option =>
        {
            Assert.Matches(NamePattern(), option.Name);
            Assert.InRange(option.Description.Length, 1, 100);
            Assert.InRange(option.MaxLength, 1, 6000);
            Assert.Equal(option.Kind == OptionKind.Choice, option.Choices.Count > 0);
            Assert.InRange(option.Choices.Count, 0, 25);
            Assert.All(option.Choices, c => Assert.Matches(NamePattern(), c));
            if (option.Kind == OptionKind.Integer)
            {
                Assert.NotNull(option.Min);
                Assert.NotNull(option.Max);
                Assert.True(option.Min <= option.Max);
            }
            else
            {
                Assert.Null(option.Min);
                Assert.Null(option.Max);
            }
        });
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Spec_Form_HasAtMostFiveFieldsNamingItsOwnTextOptions(string path)
    {
        var spec = CommandCatalogue.Find(path)!;
        if (spec.Form is not { } form)
        {
            return;
        }

        Assert.InRange(form.Fields.Count, 1, 5);
        Assert.InRange(form.Title.Length, 1, 45);
        Assert.Equal(form.Fields.Count, form.Fields.Distinct().Count());
        Assert.All(form.Fields, field =>
        {
            var option = spec.Option(field);
            Assert.NotNull(option);
            Assert.False(option.Positional);
            Assert.True(option.MaxLength <= 4000, $"{field} is longer than a modal input allows");
        });
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Spec_Positionals_OnlyTheLastTakesSeveralWordsAndRequiredComeFirst(string path)
    {
        var positionals = CommandCatalogue.Find(path)!.Options.Where(o => o.Positional).ToList();

        for (var i = 0; i < positionals.Count - 1; i++)
        {
            Assert.Contains(positionals[i].Kind, new[] { OptionKind.StoryId, OptionKind.EventId, OptionKind.ContentId, OptionKind.Choice, OptionKind.Integer });
            Assert.False(!positionals[i].Required && positionals[i + 1].Required, $"{path}: required <{positionals[i + 1].Name}> after optional <{positionals[i].Name}>");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Spec_Usage_StartsWithTheCommandAndShowsEveryOption(string path)
    {
        var spec = CommandCatalogue.Find(path)!;

        Assert.StartsWith($"/dpse {path}", spec.Usage, StringComparison.Ordinal);
        Assert.All(spec.Options, o => Assert.Contains(o.Usage, spec.Usage, StringComparison.Ordinal));
        Assert.All(spec.Options.Where(o => o.Required), o => Assert.DoesNotContain($"[{o.Usage}]", spec.Usage, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Spec_ItsOwnPathParsesBackToIt(string path)
    {
        var parsed = CommandTextParser.Parse($"/dpse {path}");

        Assert.True(parsed.Success, parsed.Error);
        Assert.Same(CommandCatalogue.Find(path), parsed.Spec);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Spec_ListsAndDurations_DeclareTheirLimits(string path)
    {
        Assert.All(CommandCatalogue.Find(path)!.Options, option =>
        {
            Assert.Equal(option.Kind is OptionKind.List or OptionKind.LinkList or OptionKind.DurationList, option.MaxItems is not null);
            Assert.Equal(option.Kind is OptionKind.List, option.MaxItemLength is not null);
            Assert.Equal(option.Kind is OptionKind.Duration or OptionKind.DurationList, option.MaxDuration is not null);
        });
    }

    [Fact]
    public void Usage_ShowsPositionalsThenRequiredThenOptional()
    {
        Assert.Equal("/dpse story show <story>", CommandCatalogue.StoryShow.Usage);
        Assert.Equal("/dpse event rsvp <event> <answer>", CommandCatalogue.EventRsvp.Usage);
        Assert.Equal("/dpse mod audit [<item>] [limit:n]", CommandCatalogue.ModAudit.Usage);
        Assert.Equal("/dpse mod export", CommandCatalogue.ModExport.Usage);
        Assert.StartsWith("/dpse story share outcome:success|partial|failure|abandoned title:\"text\" summary:\"text\" [lessons:\"text\"]", CommandCatalogue.StoryShare.Usage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("story share", "story share")]
    [InlineData("  Story   Share ", "story share")]
    [InlineData("story", null)]
    [InlineData("", null)]
    public void Find_NormalisesSpacesAndCase(string path, string? expected) =>
        Assert.Equal(expected, CommandCatalogue.Find(path)?.Path.Value);

    [GeneratedRegex(@"^[-_a-z0-9]{1,32}$")]
    private static partial Regex NamePattern();
}

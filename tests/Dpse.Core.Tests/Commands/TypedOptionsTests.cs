using Dpse.Core.Channels;
using Dpse.Core.Commands;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Stories;
using Dpse.Core.Tests.Support;
using Dpse.Testing;

namespace Dpse.Core.Tests.Commands;

/// <summary>Options are read through typed descriptors, checked against the catalogue; choices are the domain's enums.</summary>
public sealed class TypedOptionsTests
{
    private static readonly Actor Member = new(new ActorRef("test", "w", "u1"), "Member", IsModerator: false);
    private static readonly ChannelRef Place = new("test", "w", "c1");

    public static TheoryData<string, string> CatalogueOptions() =>
        [.. CommandCatalogue.All.SelectMany(c => c.Options.Select(o => (c.Path.Value, o.Name)))];

    [Theory]
    [MemberData(nameof(CatalogueOptions))]
    public void Convert_EveryCatalogueOption_ProducesTheTypeItsDescriptorReads(string path, string name)
    {
        var option = CommandCatalogue.Find(path)!.Option(name)!;

        var (value, error) = OptionConverter.Convert(option, SampleValue(option));

        Assert.Null(error);
        Assert.IsType(option.ValueType, value, exactMatch: false);
    }

    [Theory]
    [MemberData(nameof(CatalogueOptions))]
    public void Spec_EveryChoice_IsAnEnumWithItsValuesNamedByChoiceNames(string path, string name)
    {
        var option = CommandCatalogue.Find(path)!.Option(name)!;
        if (option.Kind != OptionKind.Choice)
        {
            return;
        }

        Assert.NotNull(option.ChoiceType);
        Assert.True(option.ChoiceType.IsEnum);
        Assert.Equal(option.Choices.Count, option.ChoiceValues.Count);
        Assert.All(option.ChoiceValues, v => Assert.IsType(option.ChoiceType, v));
        Assert.Equal(option.Choices, option.ChoiceValues.Select(v => Kebab(v.ToString()!)));
    }

    [Fact]
    public void Choices_AreGeneratedFromTheDomainEnums()
    {
        Assert.Equal(["success", "partial", "failure", "abandoned"], CommandCatalogue.StoryShare.Option("outcome")!.Choices);
        Assert.Equal(["named", "anonymised"], CommandCatalogue.StoryShare.Option("attribution")!.Choices);
        Assert.Equal(["going", "interested", "not-going"], CommandCatalogue.EventRsvp.Option("answer")!.Choices);
        Assert.Equal(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"], CommandCatalogue.DigestSubscribe.Option("day")!.Choices);
        Assert.Equal(["channel", "dm"], CommandCatalogue.RemindersOn.Option("where")!.Choices);
        Assert.Equal(["yes"], CommandCatalogue.MeForget.Option("confirm")!.Choices);
    }

    [Theory]
    [InlineData("not-going", RsvpStatus.NotGoing)]
    [InlineData("Not Going", RsvpStatus.NotGoing)]
    [InlineData("notgoing", RsvpStatus.NotGoing)]
    [InlineData("GOING", RsvpStatus.Going)]
    public void Convert_Choice_ReturnsTheEnumValue(string typed, RsvpStatus expected)
    {
        var (value, error) = OptionConverter.Convert(CommandCatalogue.EventRsvp.Option("answer")!, typed);

        Assert.Null(error);
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Get_DeclaredOption_ReturnsTheTypedValue()
    {
        var invocation = Invocation(CommandCatalogue.EventRsvp, new() { ["event"] = 3, ["answer"] = RsvpStatus.Interested });

        Assert.Equal(3, invocation.Get(CommandOptions.Event));
        Assert.Equal(RsvpStatus.Interested, invocation.Get(CommandOptions.Answer));
    }

    [Fact]
    public void Get_OptionTheCommandDoesNotDeclare_Throws()
    {
        var invocation = Invocation(CommandCatalogue.StoryShow, new() { ["story"] = 1 });

        var thrown = Assert.Throws<InvalidOperationException>(() => invocation.Get(CommandOptions.Title));
        Assert.Contains("'title'", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_SameNameDeclaredWithAnotherType_Throws()
    {
        // event add's "where" is a place (text); reminders on's "where" is channel|dm.
        var eventAdd = Invocation(CommandCatalogue.EventAdd, new() { ["where"] = "Town hall" });
        var remindersOn = Invocation(CommandCatalogue.RemindersOn, new() { ["where"] = ReminderTarget.Dm });

        Assert.Throws<InvalidOperationException>(() => eventAdd.Get(CommandOptions.ReminderWhere));
        Assert.Throws<InvalidOperationException>(() => remindersOn.Get(CommandOptions.Where));
    }

    [Fact]
    public void ChoiceNames_RoundTripEveryValue()
    {
        Assert.All(Enum.GetValues<StoryOutcome>(), v => Assert.Equal(v, ChoiceNames.Parse<StoryOutcome>(ChoiceNames.Of(v))));
        Assert.All(Enum.GetValues<RsvpStatus>(), v => Assert.Equal(v, ChoiceNames.Parse<RsvpStatus>(ChoiceNames.Of(v))));
        Assert.Null(ChoiceNames.Parse<StoryOutcome>("triumph"));
    }

    [Fact]
    public async Task Dispatch_EveryCommandWithEveryOptionGiven_NoHandlerReadsAnOptionItsCommandDoesNotDeclare()
    {
        // Walks the whole catalogue: each command runs with every option it declares, so each handler reaches the reads
        // it makes; a read of an undeclared option throws and would come back as an unexpected error with a reference.
        using var exchange = TestExchange.Create();
        var ct = TestContext.Current.CancellationToken;
        await exchange.RunOkAsync("story share outcome:success title:Seed summary:Seed", TestExchange.Mona);
        await exchange.RunOkAsync("event add title:Seed start:\"2027-01-05 10:00\"", TestExchange.Mona);

        foreach (var spec in CommandCatalogue.All)
        {
            var options = spec.Options.ToDictionary(o => o.Name, SampleValue);
            var reply = await exchange.Dispatcher.DispatchAsync(new CommandRequest(spec.Path, options, TestExchange.Mona, TestExchange.SlackChannel), ct);

            Assert.True(reply.Problem?.Kind != ReplyErrorKind.Unexpected, $"{spec.Path}: {reply.Problem?.Line}");
        }
    }

    private static CommandInvocation Invocation(CommandSpec spec, Dictionary<string, object> values) =>
        new(spec, new Dictionary<string, object>(values, StringComparer.OrdinalIgnoreCase), Member, Place);

    // Written out here rather than calling ChoiceNames, so the test states the naming rule itself.
    private static string Kebab(string member) =>
        string.Concat(member.Select((c, i) => char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));

    private static string SampleValue(OptionSpec option) => option.Kind switch
    {
        OptionKind.Integer => option.Min!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        OptionKind.Choice => option.Choices[0],
        OptionKind.DateTime => "2027-01-05 10:00",
        OptionKind.TimeOfDay => "09:00",
        OptionKind.TimeZone => "Europe/London",
        OptionKind.Duration => "1h",
        OptionKind.DurationList => "24h,1h",
        OptionKind.List => "a,b",
        OptionKind.LinkList => "https://example.org",
        OptionKind.StoryId => "S-1",
        OptionKind.EventId => "E-1",
        OptionKind.ContentId => "S-1",
        _ => "text",
    };
}

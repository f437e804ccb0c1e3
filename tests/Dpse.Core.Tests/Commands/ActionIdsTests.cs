using Dpse.Core.Commands;
using Dpse.Core.Events;
using Dpse.Testing;

namespace Dpse.Core.Tests.Commands;

public sealed class ActionIdsTests
{
    [Fact]
    public void Ids_RoundTripToTheirCommands()
    {
        var celebrate = ActionIds.ToRequest(ActionIds.Celebrate(42), TestExchange.Bob, TestExchange.DiscordChannel)!;
        var rsvp = ActionIds.ToRequest(ActionIds.Rsvp(3, RsvpStatus.NotGoing), TestExchange.Bob, TestExchange.DiscordChannel)!;
        var show = ActionIds.ToRequest(ActionIds.ShowStory(7), TestExchange.Bob, TestExchange.DiscordChannel)!;

        Assert.Equal(("story celebrate", "42", true), (celebrate.Path.Value, celebrate.Options["story"], celebrate.FromButton));
        Assert.Equal(("event rsvp", "3", "not-going"), (rsvp.Path.Value, rsvp.Options["event"], rsvp.Options["answer"]));
        Assert.Equal(("story show", "7"), (show.Path.Value, show.Options["story"]));
    }

    [Fact]
    public void Page_TooLongForAnId_IsNull()
    {
        Assert.Null(ActionIds.Page(2, "story search " + new string('q', 100)));
        Assert.Equal("story search solr page:2", ActionIds.PageCommandText(ActionIds.Page(2, "story search solr")!));
    }

    [Fact]
    public void Ids_FitTheHundredCharacterLimit()
    {
        Assert.InRange(ActionIds.Rsvp(int.MaxValue, RsvpStatus.Interested).Length, 1, ActionIds.MaxLength);
        Assert.InRange(ActionIds.Celebrate(int.MaxValue).Length, 1, ActionIds.MaxLength);
        Assert.Null(ActionIds.ToRequest("dpse:celebrate:" + new string('1', 100), TestExchange.Bob, TestExchange.DiscordChannel));
    }
}

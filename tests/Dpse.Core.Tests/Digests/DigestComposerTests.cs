using Dpse.Core.Channels;
using Dpse.Core.Deliveries;
using Dpse.Core.Digests;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Stories;
using Dpse.Testing.Scheduling;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Core.Tests.Digests;

public sealed class DigestComposerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero); // Monday 09:00 GMT
    private static readonly ChannelRef Channel = new(Platforms.Discord, "guild1", "chan1");
    private static readonly ActorRef Alice = new(Platforms.Slack, "T1", "U1");

    private readonly ListStores _stores = new();
    private readonly InMemoryDeliveryStore _deliveries = new();
    private readonly FakeTimeProvider _time = new(Now);

    private DigestComposer Composer => new(_stores, _stores, _stores, _deliveries, _time, Options.Create(new ExchangeOptions()));

    private static DigestSubscription Subscription(params StoryOutcome[] outcomes) => new()
    {
        Day = DayOfWeek.Monday,
        Time = new TimeOnly(9, 0),
        TimeZone = "Europe/London",
        Outcomes = outcomes,
        Since = Now.AddDays(-30),
    };

    private Story AddStory(string title, StoryOutcome outcome, TimeSpan ago, string? lessons = null,
        ContentStatus status = ContentStatus.Published, Attribution attribution = Attribution.Named, string[]? tags = null, string? sector = null,
        Celebration[]? celebrations = null) =>
        _stores.Add(new Story
        {
            Outcome = outcome,
            Title = title,
            Summary = $"Summary of {title}.",
            Lessons = lessons,
            Organisation = "Anytown Council",
            OrganisationDescription = attribution == Attribution.Anonymised ? "a district council" : null,
            Attribution = attribution,
            Sector = sector,
            Tags = tags ?? [],
            Author = Alice,
            AuthorName = "Alice",
            CreatedAt = Now - ago,
            UpdatedAt = Now - ago,
            Status = status,
            Celebrations = celebrations ?? [],
        });

    private CommunityEvent AddEvent(string title, TimeSpan fromNow, bool cancelled = false, ContentStatus status = ContentStatus.Published, Rsvp[]? rsvps = null) =>
        _stores.Add(new CommunityEvent
        {
            Title = title,
            StartUtc = Now + fromNow,
            LocalStart = "x",
            TimeZone = "Europe/London",
            Organiser = Alice,
            OrganiserName = "Alice",
            Cancelled = cancelled,
            Status = status,
            Rsvps = rsvps ?? [],
            CreatedAt = Now.AddDays(-20),
            UpdatedAt = Now.AddDays(-20),
        });

    [Fact]
    public async Task Compose_MixedWeek_ShowsSuccessesFailuresWithLessonsFirstEventsAndTotals()
    {
        AddStory("Search rebuild shipped", StoryOutcome.Success, TimeSpan.FromDays(2));
        AddStory("Migration stalled", StoryOutcome.Failure, TimeSpan.FromDays(3), lessons: "Freeze content first.");
        AddEvent("Open Councils", TimeSpan.FromDays(3), rsvps:
        [
            new Rsvp(Alice, "Alice", RsvpStatus.Going, Now),
            new Rsvp(new ActorRef(Platforms.Discord, "g", "u2"), "Bob", RsvpStatus.Interested, Now),
        ]);

        var message = await Composer.ComposeAsync(Channel, Subscription(), Now.AddDays(-7), Now, TestContext.Current.CancellationToken);

        Assert.NotNull(message);
        var text = Flat.Text(message);
        Assert.Contains("# DPSE weekly digest\n", text, StringComparison.Ordinal);
        var success = text.IndexOf("*S-1 Search rebuild shipped*", StringComparison.Ordinal);
        var failure = text.IndexOf("*S-2 Migration stalled*\n_Lessons: _Freeze content first.\nSummary of Migration stalled.", StringComparison.Ordinal);
        var upcoming = text.IndexOf("*E-1 Open Councils*\nThu 26 Nov 2026, 09:00 GMT (Europe/London)", StringComparison.Ordinal);
        Assert.True(success > 0 && failure > success && upcoming > failure, text);
        Assert.Contains("> E-1 · 1 going · 1 interested · organised by Alice", text, StringComparison.Ordinal);
        Assert.Contains("[Going] [Interested] [Not going]", text, StringComparison.Ordinal);
        Assert.Contains("> This period: 2 new stories (1 successful, 1 failed or abandoned) · 0 celebrations · 1 event in the next 14 days", text, StringComparison.Ordinal);
        Assert.Contains(message.Blocks.OfType<ActionsBlock>(), a => a.Buttons.Any(b => b.ActionId == "dpse:celebrate:1"));
        Assert.Contains(message.Blocks.OfType<ActionsBlock>(), a => a.Buttons.Any(b => b.ActionId == "dpse:rsvp:1:going"));
    }

    [Fact]
    public async Task Compose_EveryEntry_IsBoundedByDividers()
    {
        AddStory("One", StoryOutcome.Success, TimeSpan.FromDays(1));
        AddStory("Two", StoryOutcome.Partial, TimeSpan.FromDays(1));
        AddEvent("Meetup", TimeSpan.FromDays(1));

        var message = await Composer.ComposeAsync(Channel, Subscription(), Now.AddDays(-7), Now, TestContext.Current.CancellationToken);

        Assert.NotNull(message);
        var blocks = message.Blocks;
        for (var i = 0; i < blocks.Count; i++)
        {
            // Every entry starts with its bold title line right after a divider, so splitting at dividers never cuts an entry.
            if (blocks[i] is TextBlock { Spans: [BoldSpan, ..] })
            {
                Assert.IsType<DividerBlock>(blocks[i - 1]);
            }
        }

        Assert.Equal(3, blocks.OfType<TextBlock>().Count(t => t.Spans is [BoldSpan, ..]));
    }

    [Fact]
    public async Task Compose_AnonymisedStory_ShowsTheDescriptionNeverTheOrganisationOrAuthor()
    {
        AddStory("Portal rebuild failed", StoryOutcome.Failure, TimeSpan.FromDays(1), attribution: Attribution.Anonymised, lessons: "Smaller releases.");

        var message = await Composer.ComposeAsync(Channel, Subscription(), Now.AddDays(-7), Now, TestContext.Current.CancellationToken);

        var text = Flat.Text(message!);
        Assert.Contains("Organisation: a district council", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Anytown", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Alice", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compose_HiddenDeletedAndOldStories_AreLeftOut()
    {
        AddStory("Hidden one", StoryOutcome.Success, TimeSpan.FromDays(1), status: ContentStatus.Hidden);
        AddStory("Deleted one", StoryOutcome.Success, TimeSpan.FromDays(1), status: ContentStatus.Deleted);
        AddStory("Last month", StoryOutcome.Success, TimeSpan.FromDays(20));
        AddStory("Visible one", StoryOutcome.Success, TimeSpan.FromDays(1));

        var message = await Composer.ComposeAsync(Channel, Subscription(), Now.AddDays(-7), Now, TestContext.Current.CancellationToken);

        var text = Flat.Text(message!);
        Assert.Contains("Visible one", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden one", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Deleted one", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Last month", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compose_NoStoriesButEvents_IsAShortDigestOfTheEvents()
    {
        AddEvent("Open Councils", TimeSpan.FromDays(5));
        AddEvent("Cancelled one", TimeSpan.FromDays(5), cancelled: true);
        AddEvent("Hidden one", TimeSpan.FromDays(5), status: ContentStatus.Hidden);
        AddEvent("Too far", TimeSpan.FromDays(15));
        AddEvent("Already past", TimeSpan.FromDays(-1));

        var message = await Composer.ComposeAsync(Channel, Subscription(), Now.AddDays(-7), Now, TestContext.Current.CancellationToken);

        var text = Flat.Text(message!);
        Assert.StartsWith("# DPSE weekly digest: upcoming events\n", text, StringComparison.Ordinal);
        Assert.Contains("Open Councils", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancelled one", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden one", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Too far", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Already past", text, StringComparison.Ordinal);
        Assert.DoesNotContain("New successes", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compose_NothingAtAll_ReturnsNull()
    {
        AddStory("Long ago", StoryOutcome.Success, TimeSpan.FromDays(30));
        AddEvent("Cancelled", TimeSpan.FromDays(2), cancelled: true);

        var message = await Composer.ComposeAsync(Channel, Subscription(), Now.AddDays(-7), Now, TestContext.Current.CancellationToken);

        Assert.Null(message);
    }

    [Fact]
    public async Task Compose_Filters_NarrowTheStoriesNeverTheEvents()
    {
        AddStory("Solr failure", StoryOutcome.Failure, TimeSpan.FromDays(1), tags: ["search"], sector: "local government");
        AddStory("Theme success", StoryOutcome.Success, TimeSpan.FromDays(1), tags: ["search"], sector: "local government");
        AddStory("Health failure", StoryOutcome.Failure, TimeSpan.FromDays(1), tags: ["search"], sector: "health");
        AddStory("Untagged failure", StoryOutcome.Failure, TimeSpan.FromDays(1), sector: "local government");
        AddEvent("Open Councils", TimeSpan.FromDays(2));
        var subscription = Subscription(StoryOutcome.Failure) with { Tags = ["Search"], Sectors = ["Local Government"] };

        var message = await Composer.ComposeAsync(Channel, subscription, Now.AddDays(-7), Now, TestContext.Current.CancellationToken);

        var text = Flat.Text(message!);
        Assert.Contains("Solr failure", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Theme success", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Health failure", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Untagged failure", text, StringComparison.Ordinal);
        Assert.Contains("Open Councils", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compose_MostCelebrated_CountsOnlyCelebrationsOfThePeriod()
    {
        var old = Now.AddDays(-20);
        AddStory("Old favourite", StoryOutcome.Success, TimeSpan.FromDays(40), celebrations:
        [
            new Celebration(new ActorRef("shell", "", "a"), Now.AddDays(-1)),
            new Celebration(new ActorRef("shell", "", "b"), Now.AddDays(-2)),
            new Celebration(new ActorRef("shell", "", "c"), old),
        ]);

        var message = await Composer.ComposeAsync(Channel, Subscription(), Now.AddDays(-7), Now, TestContext.Current.CancellationToken);

        var text = Flat.Text(message!);
        Assert.Contains("# Most celebrated\n---\n*S-1 Old favourite* · 2 celebrations this period", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_NotSubscribed_UsesTheDefaultsAndTheLastSevenDaysOnlyForTheInvoker()
    {
        AddStory("Eight days ago", StoryOutcome.Success, TimeSpan.FromDays(8));
        AddStory("Six days ago", StoryOutcome.Success, TimeSpan.FromDays(6));

        var reply = await Composer.PreviewAsync(Channel, TestContext.Current.CancellationToken);

        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        var text = Flat.Text(reply.Message);
        Assert.Contains("this channel is not subscribed", text, StringComparison.Ordinal);
        Assert.Contains("Mon 30 Nov 2026, 09:00 GMT (Europe/London)", text, StringComparison.Ordinal);
        Assert.Contains("Six days ago", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Eight days ago", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_AfterAPreviousDigest_CoversOnlyTheTimeSinceIt()
    {
        var ct = TestContext.Current.CancellationToken;
        _stores.Save(new ChannelSettings { Channel = Channel, Digest = Subscription(), UpdatedAt = Now.AddDays(-30) });
        await _deliveries.TryAddAsync(new DeliveryRecord
        {
            Key = DeliveryKeys.Digest(Channel, Now.AddDays(-9), Now.AddDays(-2)),
            Kind = DeliveryKind.Digest,
            Subject = DeliveryKeys.DigestSubject(Channel),
            DueAt = Now.AddDays(-2),
            PeriodStart = Now.AddDays(-9),
            PeriodEnd = Now.AddDays(-2),
            Status = DeliveryStatus.Sent,
            CreatedAt = Now.AddDays(-2),
            UpdatedAt = Now.AddDays(-2),
        }, ct);
        AddStory("Three days ago", StoryOutcome.Success, TimeSpan.FromDays(3));
        AddStory("Yesterday", StoryOutcome.Success, TimeSpan.FromDays(1));

        var reply = await Composer.PreviewAsync(Channel, ct);

        var text = Flat.Text(reply.Message);
        Assert.Contains("Preview of the digest due", text, StringComparison.Ordinal);
        Assert.Contains("Yesterday", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Three days ago", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_NothingToPost_SaysSoInOneLine()
    {
        var reply = await Composer.PreviewAsync(Channel, TestContext.Current.CancellationToken);

        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        Assert.Equal("Nothing would be posted: no new stories or celebrations since Mon 16 Nov and no events in the next 14 days.\n", Flat.Text(reply.Message));
    }
}

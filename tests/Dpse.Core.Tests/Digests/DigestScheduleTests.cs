using Dpse.Core.Channels;
using Dpse.Core.Digests;
using NodaTime;

namespace Dpse.Core.Tests.Digests;

public sealed class DigestScheduleTests
{
    private static DateTimeOffset Utc(int y, int m, int d, int h, int min = 0) => new(y, m, d, h, min, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-03-20T12:00:00Z", "2026-03-23T09:00:00Z")] // Monday before the spring change: GMT
    [InlineData("2026-03-27T12:00:00Z", "2026-03-30T08:00:00Z")] // after 29 March: BST, 09:00 local = 08:00 UTC
    [InlineData("2026-10-19T09:00:00Z", "2026-10-26T09:00:00Z")] // after 25 October: GMT again
    [InlineData("2026-10-12T07:59:00Z", "2026-10-12T08:00:00Z")] // still BST on 12 October
    public void NextAfter_MondayNineLondon_StaysAtNineLocalAcrossChanges(string after, string expected)
    {
        var next = DigestSchedule.NextAfter(IsoDayOfWeek.Monday, new LocalTime(9, 0), Zone("Europe/London"), DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void NextAfter_LocalTimeInTheSpringGap_IsTheFirstInstantAfterTheGap()
    {
        // Sunday 29 March 2026: 01:00 GMT becomes 02:00 BST, so 01:30 does not exist.
        var next = DigestSchedule.NextAfter(IsoDayOfWeek.Sunday, new LocalTime(1, 30), Zone("Europe/London"), Utc(2026, 3, 28, 12));

        Assert.Equal(Utc(2026, 3, 29, 1), next); // 02:00 BST
    }

    [Fact]
    public void NextAfter_LocalTimeInTheAutumnOverlap_IsTheEarlierAndHappensOnce()
    {
        // Sunday 25 October 2026: 01:30 happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT).
        var first = DigestSchedule.NextAfter(IsoDayOfWeek.Sunday, new LocalTime(1, 30), Zone("Europe/London"), Utc(2026, 10, 24, 12));
        var second = DigestSchedule.NextAfter(IsoDayOfWeek.Sunday, new LocalTime(1, 30), Zone("Europe/London"), first);

        Assert.Equal(Utc(2026, 10, 25, 0, 30), first);
        Assert.Equal(Utc(2026, 11, 1, 1, 30), second);
    }

    [Theory]
    [InlineData("2026-09-20T00:00:00Z", "2026-09-20T21:00:00Z")] // Monday 09:00 NZST (+12) = Sunday 21:00 UTC
    [InlineData("2026-09-28T00:00:00Z", "2026-10-04T20:00:00Z")] // after 27 September: NZDT (+13)
    [InlineData("2027-03-25T00:00:00Z", "2027-03-28T20:00:00Z")] // Monday 29 March 2027: still NZDT (+13)
    [InlineData("2027-04-01T00:00:00Z", "2027-04-04T21:00:00Z")] // NZDT ends Sunday 4 April 03:00: Monday 5 April is +12
    public void NextAfter_PacificAuckland_FollowsNewZealandTime(string after, string expected)
    {
        var next = DigestSchedule.NextAfter(IsoDayOfWeek.Monday, new LocalTime(9, 0), Zone("Pacific/Auckland"), DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void LatestAtOrBefore_ExactlyAtTheSlot_IsThatSlot()
    {
        var slot = Utc(2026, 11, 23, 9);

        Assert.Equal(slot, DigestSchedule.LatestAtOrBefore(IsoDayOfWeek.Monday, new LocalTime(9, 0), Zone("Europe/London"), slot));
        Assert.Equal(slot.AddDays(-7), DigestSchedule.LatestAtOrBefore(IsoDayOfWeek.Monday, new LocalTime(9, 0), Zone("Europe/London"), slot.AddTicks(-1)));
    }

    private static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb[id];

    [Fact]
    public void NextAfter_SubscriptionWithAZoneThisBuildDoesNotKnow_NoDueInstantNotOneInUtc()
    {
        var subscription = new DigestSubscription { Day = DayOfWeek.Monday, Time = new TimeOnly(9, 0), TimeZone = "Mars/Olympus_Mons", Since = Utc(2026, 1, 1, 0) };

        Assert.Null(DigestSchedule.NextAfter(subscription, Utc(2026, 3, 28, 12)));
        Assert.Null(DigestSchedule.LatestAtOrBefore(subscription, Utc(2026, 3, 28, 12)));
        Assert.Equal(Utc(2026, 3, 30, 8), DigestSchedule.NextAfter(subscription with { TimeZone = "Europe/London" }, Utc(2026, 3, 28, 12)));
    }
}

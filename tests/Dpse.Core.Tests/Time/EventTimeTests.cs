using Dpse.Core.Time;
using NodaTime;

namespace Dpse.Core.Tests.Time;

public sealed class EventTimeTests
{
    private static readonly DateTimeZone London = EventTime.FindZone("Europe/London")!;

    [Theory]
    [InlineData("2026-12-03 14:00", "2026-12-03T14:00:00+00:00")] // GMT
    [InlineData("2027-07-01 14:00", "2027-07-01T13:00:00+00:00")] // BST
    [InlineData("2027-03-28 00:59", "2027-03-28T00:59:00+00:00")] // just before the gap
    [InlineData("2027-03-28 02:00", "2027-03-28T01:00:00+00:00")] // just after the gap
    [InlineData("2027-10-31 01:30", "2027-10-31T00:30:00+00:00")] // twice: the first (BST)
    [InlineData("2027-10-31 02:00", "2027-10-31T02:00:00+00:00")] // after the overlap
    public void ToUtc_London_IsDstCorrect(string local, string utc)
    {
        var (start, error) = EventTime.ToUtc(EventTime.ParseLocal(local)!.Value, London);

        Assert.Null(error);
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), start);
        Assert.Equal(TimeSpan.Zero, start!.Value.Offset);
    }

    [Theory]
    [InlineData("2027-03-28 01:00")]
    [InlineData("2027-03-28 01:30")]
    [InlineData("2027-03-28 01:59")]
    public void ToUtc_InTheSpringGap_IsErrorNamingTheClockChange(string local)
    {
        var (start, error) = EventTime.ToUtc(EventTime.ParseLocal(local)!.Value, London);

        Assert.Null(start);
        Assert.Equal($"{local} does not exist in Europe/London: the clocks go forward then. Pick a time outside the change.", error);
    }

    [Theory]
    [InlineData("America/New_York", "2027-03-14 02:30", null)] // US gap
    [InlineData("America/New_York", "2027-11-07 01:30", "2027-11-07T05:30:00+00:00")] // US overlap: EDT first
    [InlineData("Australia/Sydney", "2027-01-10 09:00", "2027-01-09T22:00:00+00:00")] // southern summer, far zone
    [InlineData("Asia/Kolkata", "2027-01-10 09:00", "2027-01-10T03:30:00+00:00")] // half-hour offset
    [InlineData("UTC", "2027-01-10 09:00", "2027-01-10T09:00:00+00:00")]
    public void ToUtc_OtherZones_AreCorrect(string zone, string local, string? utc)
    {
        var (start, error) = EventTime.ToUtc(EventTime.ParseLocal(local)!.Value, EventTime.FindZone(zone)!);

        if (utc is null)
        {
            Assert.NotNull(error);
            Assert.Null(start);
        }
        else
        {
            Assert.Null(error);
            Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), start);
        }
    }

    [Theory]
    [InlineData("9999-12-31 23:00", "America/Los_Angeles")]
    [InlineData("0001-01-01 00:30", "Asia/Tokyo")]
    public void ToUtc_BeyondTheRepresentableRange_IsErrorNotException(string local, string zone)
    {
        var (start, error) = EventTime.ToUtc(EventTime.ParseLocal(local)!.Value, EventTime.FindZone(zone)!);

        Assert.Null(start);
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("2026-12-03T14:00:00Z", "Europe/London", "Thu 3 Dec 2026, 14:00 GMT (Europe/London)")]
    [InlineData("2027-07-01T13:00:00Z", "Europe/London", "Thu 1 Jul 2027, 14:00 BST (Europe/London)")]
    [InlineData("2026-12-03T14:00:00Z", "America/New_York", "Thu 3 Dec 2026, 09:00 EST (America/New_York)")]
    [InlineData("2026-12-03T14:00:00Z", "UTC", "Thu 3 Dec 2026, 14:00 UTC")]
    [InlineData("2026-12-03T14:00:00Z", "Not/AZone", "Thu 3 Dec 2026, 14:00 UTC")]
    public void Describe_NamesTheZone(string utc, string zone, string expected) =>
        Assert.Equal(expected, EventTime.Describe(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), zone));

    [Theory]
    [InlineData("2026-12-03 14:00", 2026, 12, 3, 14, 0)]
    [InlineData("2026-12-03T14:00", 2026, 12, 3, 14, 0)]
    [InlineData(" 2026-12-03 9:05 ", 2026, 12, 3, 9, 5)]
    public void ParseLocal_AcceptedForms(string text, int y, int mo, int d, int h, int mi) =>
        Assert.Equal(new LocalDateTime(y, mo, d, h, mi), EventTime.ParseLocal(text));

    [Theory]
    [InlineData("")]
    [InlineData("tomorrow")]
    [InlineData("2026-12-03")]
    [InlineData("03/12/2026 14:00")]
    [InlineData("2026-02-30 10:00")]
    [InlineData("2026-12-03 14:00:00")]
    public void ParseLocal_Malformed_IsNull(string text) => Assert.Null(EventTime.ParseLocal(text));

    [Theory]
    [InlineData("90m", 90)]
    [InlineData("2h", 120)]
    [InlineData("1h30m", 90)]
    [InlineData("1H 30M", 90)]
    [InlineData("1d", 1440)]
    [InlineData("45", 45)]
    public void ParseDuration_AcceptedForms(string text, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), EventTime.ParseDuration(text));

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("0m")]
    [InlineData("h")]
    [InlineData("2x")]
    [InlineData("2h30")]
    [InlineData("-5m")]
    [InlineData("12345678901")]
    [InlineData("9999999999")]
    [InlineData("999999999h")]
    [InlineData("99999999d")]
    public void ParseDuration_MalformedOrHuge_IsNullNotException(string text) => Assert.Null(EventTime.ParseDuration(text));

    [Theory]
    [InlineData(30, "30m")]
    [InlineData(60, "1h")]
    [InlineData(90, "1h30m")]
    [InlineData(1440, "24h")]
    [InlineData(2880, "2d")]
    [InlineData(1500, "25h")]
    public void FormatDuration_AsPeopleTypeIt(int minutes, string expected) =>
        Assert.Equal(expected, EventTime.FormatDuration(TimeSpan.FromMinutes(minutes)));

    [Theory]
    [InlineData("Europe/London", "Europe/London")]
    [InlineData(" europe/london ", "Europe/London")]
    [InlineData("AMERICA/NEW_YORK", "America/New_York")]
    [InlineData("UTC", "UTC")]
    [InlineData("Mars/Base", null)]
    [InlineData("", null)]
    public void FindZone_IsCaseInsensitive(string id, string? expected) =>
        Assert.Equal(expected, EventTime.FindZone(id)?.Id);

    [Fact]
    public void DurationList_SortsLongestFirstAndDropsDuplicates() =>
        Assert.Equal([TimeSpan.FromDays(1), TimeSpan.FromHours(1)], OptionParsers.DurationList("1h, 24h ,60m"));

    [Theory]
    [InlineData("")]
    [InlineData("1h,x")]
    [InlineData("31d")]
    [InlineData("1h,2h,3h,4h,5h,6h")]
    public void DurationList_Bad_IsNull(string text) => Assert.Null(OptionParsers.DurationList(text));
}

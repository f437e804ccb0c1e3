using Dpse.Core.Commands;

namespace Dpse.Core.Tests.Commands;

/// <summary>The converter enforces the limits the spec declares, and only those.</summary>
public sealed class OptionConverterTests
{
    [Fact]
    public void Convert_TypedInteger_IsRangeCheckedAsANumber()
    {
        var option = new OptionSpec("limit", OptionKind.Integer, "How many") { Min = 1, Max = 50 };

        Assert.Equal((7L, null), OptionConverter.Convert(option, TypedValue.Of(7L)));
        Assert.Equal((null, "limit must be between 1 and 50"), OptionConverter.Convert(option, TypedValue.Of(51L)));
    }

    [Fact]
    public void Convert_TypedValueTheKindHasNoUseFor_IsCheckedAsItsText()
    {
        var text = new OptionSpec("title", OptionKind.Text, "Title");
        var integer = new OptionSpec("limit", OptionKind.Integer, "How many") { Min = 1, Max = 50 };

        Assert.Equal(("true", null), OptionConverter.Convert(text, TypedValue.Of(true)));
        Assert.Equal((null, "limit '1.5' is not a whole number"), OptionConverter.Convert(integer, TypedValue.Of(1.5)));
    }

    [Fact]
    public void Convert_ListOverTheSpecsItemCount_IsRefusedWithTheSpecsLimit()
    {
        var option = new OptionSpec("tags", OptionKind.List, "Tags") { MaxItems = 2, MaxItemLength = 40 };

        Assert.Equal("tags has 3 items; at most 2", option.Problem("a,b,c"));
        Assert.Null(option.Problem("a,b"));
    }

    [Fact]
    public void Convert_ListItemOverTheSpecsItemLength_IsRefusedWithTheSpecsLimit()
    {
        var option = new OptionSpec("tags", OptionKind.List, "Tags") { MaxItems = 15, MaxItemLength = 3 };

        Assert.Equal("tags item 'abcd' is too long (at most 3 characters)", option.Problem("abc,abcd"));
        Assert.Null(option.Problem("abc,ab"));
    }

    [Fact]
    public void Convert_LinksOverTheSpecsCount_IsRefusedWithTheSpecsLimit()
    {
        var option = new OptionSpec("links", OptionKind.LinkList, "Links") { MaxItems = 1, MaxLength = 600 };

        Assert.Equal("links has 2 links; at most 1", option.Problem("https://a.example,https://b.example"));
        Assert.Null(option.Problem("https://a.example"));
    }

    [Fact]
    public void Convert_DurationOverTheSpecsLongest_IsRefusedNamingIt()
    {
        var option = new OptionSpec("duration", OptionKind.Duration, "How long") { MaxDuration = TimeSpan.FromDays(2) };

        Assert.Equal("duration '3d' is not a duration: use e.g. 90m, 2h or 1h30m (at most 2 days)", option.Problem("3d"));
        Assert.Null(option.Problem("2d"));
    }

    [Fact]
    public void Convert_DurationListOverTheSpecsLimits_IsRefusedNamingThem()
    {
        var option = new OptionSpec("reminders", OptionKind.DurationList, "Offsets") { MaxItems = 2, MaxDuration = TimeSpan.FromDays(1) };

        Assert.Equal("reminders '3h,2h,1h' is not a list of durations: use e.g. 24h,1h (at most 2, each at most 1 days)", option.Problem("3h,2h,1h"));
        Assert.Equal("reminders '2d' is not a list of durations: use e.g. 24h,1h (at most 2, each at most 1 days)", option.Problem("2d"));
        Assert.Null(option.Problem("24h,1h"));
    }
}

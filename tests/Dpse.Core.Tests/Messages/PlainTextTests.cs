using Dpse.Core.Messages;

namespace Dpse.Core.Tests.Messages;

public sealed class PlainTextTests
{
    [Fact]
    public void Of_StyledSpans_DropTheStylingAndKeepTheText() =>
        Assert.Equal(
            "Bold plain italic /dpse help",
            PlainText.Of([new BoldSpan("Bold"), new PlainSpan(" plain "), new ItalicSpan("italic"), new PlainSpan(" "), new CodeSpan("/dpse help")]));

    [Fact]
    public void Of_LineBreak_BecomesTheGivenSeparator()
    {
        TextSpan[] spans = [new PlainSpan("one"), LineBreakSpan.Instance, new PlainSpan("two")];

        Assert.Equal("one\ntwo", PlainText.Of(spans));
        Assert.Equal("one two", PlainText.Of(spans, " "));
    }

    [Theory]
    [InlineData("Docs", "https://example.org", "Docs (https://example.org)")]
    [InlineData("https://example.org", "https://example.org", "https://example.org")]
    [InlineData(" ", "https://example.org", "https://example.org")]
    public void Of_Link_ShowsTheUrlWithItsLabelWhenTheLabelSaysMore(string label, string url, string shown) =>
        Assert.Equal(shown, PlainText.Of([new LinkSpan(label, url)]));

    [Fact]
    public void Of_Time_IsShownInItsZoneWithTheZoneNamed() =>
        Assert.Equal(
            "Thu 1 Jul 2027, 14:00 BST (Europe/London)",
            PlainText.Of([new TimeSpanText(new DateTimeOffset(2027, 7, 1, 13, 0, 0, TimeSpan.Zero), "Europe/London")]));
}

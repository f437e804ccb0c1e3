using Dpse.Core.Stories;

namespace Dpse.Core.Tests.Stories;

public sealed class StoryIdsTests
{
    [Theory]
    [InlineData("S-12", 12)]
    [InlineData("s12", 12)]
    [InlineData("12", 12)]
    [InlineData(" s-7 ", 7)]
    public void TryParse_AcceptedForms_ReturnNumber(string text, int expected)
    {
        Assert.True(StoryIds.TryParse(text, out var number));
        Assert.Equal(expected, number);
    }

    [Theory]
    [InlineData("")]
    [InlineData("E-12")]
    [InlineData("S-")]
    [InlineData("S-0")]
    [InlineData("-3")]
    [InlineData("S-1234567890")]
    [InlineData("twelve")]
    public void TryParse_Malformed_ReturnsFalse(string text) => Assert.False(StoryIds.TryParse(text, out _));

    [Fact]
    public void Format_Number_UsesSDashPrefix() => Assert.Equal("S-12", StoryIds.Format(12));
}

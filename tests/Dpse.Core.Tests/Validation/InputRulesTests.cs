using Dpse.Core.Tests.Support;
using Dpse.Core.Time;
using Dpse.Testing;

namespace Dpse.Core.Tests.Validation;

/// <summary>What commands refuse: deceptive links, invisible characters, hour 24. Asserted on what the person sees.</summary>
public sealed class InputRulesTests : IDisposable
{
    private readonly TestExchange _exchange = TestExchange.Create();

    public void Dispose() => _exchange.Dispose();

    [Theory]
    [InlineData("https://gov.uk@evil.example", "has a user name or password before the host")]
    [InlineData("http://user:pass@example.org/x", "has a user name or password before the host")]
    [InlineData("https://gov.uk:443@evil.example/", "has a user name or password before the host")]
    [InlineData("https://xn--gv-tka.uk/", "has an internationalised (punycode xn--) host")]
    [InlineData("https://www.xn--80ak6aa92e.com/", "has an internationalised (punycode xn--) host")]
    [InlineData("https://аpple.com/", "has a host with non-ASCII letters")]
    [InlineData("https://gov.uk\\@evil.example", "is not an http or https link")]
    [InlineData("javascript:alert(1)", "is not an http or https link")]
    public async Task Share_DeceptiveLink_IsRefusedWithTheReason(string link, string reason)
    {
        var shown = await _exchange.RunFailingAsync($"story share outcome:success title:T summary:S links:\"{link}\"");

        Assert.StartsWith($"Error: Links '{link}' {reason}", shown, StringComparison.Ordinal);
        Assert.Empty(await _exchange.Stores.Stories.ListAllAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("https://www.gov.uk/guidance")]
    [InlineData("http://127.0.0.1:8080/x")]
    [InlineData("https://[::1]/x")]
    [InlineData("https://example.org/path?q=a@b#frag")]
    public async Task Share_PlainLink_IsKept(string link)
    {
        await _exchange.RunOkAsync($"story share outcome:success title:T summary:S links:\"{link}\"");

        Assert.Equal([link], Assert.Single(await _exchange.Stores.Stories.ListAllAsync(TestContext.Current.CancellationToken)).Links);
    }

    [Theory]
    [InlineData("\u202E", "U+202E")]
    [InlineData("\u2066", "U+2066")]
    [InlineData("\u200B", "U+200B")]
    [InlineData("\uFEFF", "U+FEFF")]
    [InlineData("\u2028", "U+2028")]
    public async Task Share_InvisibleOrBidiCharacterInAnyText_IsRefused(string character, string code)
    {
        var title = await _exchange.RunFailingAsync($"story share outcome:success title:\"Invoice{character}fdp.exe\" summary:S");
        var org = await _exchange.RunFailingAsync($"story share outcome:success title:T summary:S org:\"Any{character}town\"");
        var where = await _exchange.RunFailingAsync($"event add title:T start:\"2027-01-05 10:00\" where:\"Civic{character}Hall\"");

        Assert.Contains("Error: Title contains", title, StringComparison.Ordinal);
        Assert.Contains($"({code}) that can make the text look different from what is stored; remove it", title, StringComparison.Ordinal);
        Assert.Contains("Error: Org contains", org, StringComparison.Ordinal);
        Assert.Contains("Error: Where contains", where, StringComparison.Ordinal);
        Assert.Empty(await _exchange.Stores.Stories.ListAllAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Share_EmojiWithJoinersAndFlags_IsKept()
    {
        await _exchange.RunOkAsync("story share outcome:success title:\"Team 👩‍💻 win 🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F\" summary:S");

        Assert.Contains("👩‍💻", Assert.Single(await _exchange.Stores.Stories.ListAllAsync(TestContext.Current.CancellationToken)).Title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://gov.uk@evil.example/meet")]
    [InlineData("Civic Hall, stream at https://xn--gv-tka.uk/live")]
    [InlineData("javascript:alert(1)")]
    public async Task AddEvent_DeceptiveLinkInWhere_IsRefused(string where)
    {
        var shown = await _exchange.RunFailingAsync($"event add title:T start:\"2027-01-05 10:00\" where:\"{where}\"");

        Assert.StartsWith("Error: where", shown, StringComparison.Ordinal);
        Assert.Empty(await _exchange.Stores.Events.ListAllAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AddEvent_Hour24_IsRefusedNotRolledToTheNextDay()
    {
        var shown = await _exchange.RunFailingAsync("event add title:T start:\"2027-03-01 24:00\" tz:Europe/London");

        Assert.Equal("Error: Start '2027-03-01 24:00' has hour 24: hours go from 00 to 23; for midnight at the end of a day use 00:00 of the next day. Usage: /dpse event add title:\"text\" start:\"yyyy-mm-dd hh:mm\" [tz:Area/City] [duration:2h] [where:\"text\"] [description:\"text\"] [reminders:24h,1h]", shown);
        Assert.Empty(await _exchange.Stores.Events.ListAllAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("2027-03-01 24:00")]
    [InlineData("2027-03-01T24:00")]
    public void ParseLocal_Hour24_IsNull(string text) => Assert.Null(EventTime.ParseLocal(text));

    [Fact]
    public void ParseTimeOfDay_Hour24_IsNull() => Assert.Null(EventTime.ParseTimeOfDay("24:00"));
}

using System.Text.Json.Nodes;
using Dpse.Core.Messages;
using Dpse.Slack.Rendering;

namespace Dpse.Slack.Tests.Rendering;

/// <summary>User text that tries to ping, mention or disguise a link must come out as harmless text.</summary>
public class InjectionTests
{
    public static readonly TheoryData<string> Attacks = new()
    {
        "<!channel>",
        "<!here>",
        "<!here|here>",
        "<!everyone>",
        "<@U0123ABC>",
        "<!subteam^S0123|@council-admins>",
        "<https://evil.example|https://gov.uk>",
        "<#C0123|general>",
        "&lt;!channel&gt;",
        "```</pre><!channel>",
    };

    private static IEnumerable<string> AllStrings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => AllStrings(p.Value)),
        JsonArray a => a.SelectMany(AllStrings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Render_AttackInEverySpanAndField_NoMarkupSurvives(string attack)
    {
        var message = new Message(
        [
            new HeaderBlock(attack),
            new TextBlock([new PlainSpan(attack), new BoldSpan(attack), new ItalicSpan(attack), new CodeSpan(attack), new LinkSpan(attack, "https://example.org/story")]),
            new FieldsBlock([new MessageField(attack, attack)]),
            new ContextBlock([new PlainSpan(attack)]),
            new ActionsBlock([new MessageButton(attack, "dpse:celebrate:1")]),
        ])
        { FallbackText = attack };

        foreach (var part in BlockKitRenderer.Render(message))
        {
            foreach (var text in AllStrings(part.ToJson()))
            {
                // The one angle-bracket construct allowed is the renderer's own link to the stored URL.
                var withoutOurLink = text.Replace("<https://example.org/story|", "", StringComparison.Ordinal);
                Assert.DoesNotContain("<!", withoutOurLink, StringComparison.Ordinal);
                Assert.DoesNotContain("<@", withoutOurLink, StringComparison.Ordinal);
                Assert.DoesNotContain("<#", withoutOurLink, StringComparison.Ordinal);
                Assert.DoesNotContain("<https://evil", withoutOurLink, StringComparison.Ordinal);
                Assert.DoesNotContain('<', withoutOurLink);
            }
        }
    }

    [Fact]
    public void Render_PlainText_EscapesTheThreeControlCharacters()
    {
        var text = Assert.Single(BlockKitRenderer.Render(Message.Line("Tom & Jerry <!channel> > all")))
            .Blocks[0]!["text"]!["text"]!.GetValue<string>();

        Assert.Equal("Tom &amp; Jerry &lt;!channel&gt; &gt; all", text);
    }

    [Fact]
    public void Render_Link_UrlFromLinkSpanLabelEscaped()
    {
        var text = BlockKitRenderer.RenderSpans([new LinkSpan("<!here> | click", "https://example.org/a?b=1&c=2")], SlackLimits.SectionText);

        Assert.Equal("<https://example.org/a?b=1&amp;c=2|&lt;!here&gt; / click>", text);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("slack://open")]
    [InlineData("not a url")]
    public void Render_LinkWithoutHttpUrl_ShownAsTextNotLink(string url)
    {
        var text = BlockKitRenderer.RenderSpans([new LinkSpan("label", url)], SlackLimits.SectionText);

        Assert.DoesNotContain("<", text, StringComparison.Ordinal);
        Assert.StartsWith("label (", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Mrkdwn_IsVerbatimSoSlackParsesNoBareMentions()
    {
        var json = Assert.Single(BlockKitRenderer.Render(Message.Line("@here @channel #general"))).ToJson();

        Assert.True(json["blocks"]![0]!["text"]!["verbatim"]!.GetValue<bool>());
        Assert.Null(json["link_names"]);
        Assert.Null(json["parse"]);
    }
}

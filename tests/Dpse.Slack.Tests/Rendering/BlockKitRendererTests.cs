using System.Text.Json.Nodes;
using Dpse.Core.Commands;
using Dpse.Core.Messages;
using Dpse.Slack.Rendering;

namespace Dpse.Slack.Tests.Rendering;

public class BlockKitRendererTests
{
    private static JsonObject Only(Message message) => Assert.Single(BlockKitRenderer.Render(message)).ToJson();

    private static IEnumerable<string> Texts(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "text" && p.Value is JsonValue v ? [v.GetValue<string>()] : Texts(p.Value)),
        JsonArray a => a.SelectMany(Texts),
        _ => [],
    };

    [Fact]
    public void Render_HeaderOverLimit_TruncatedVisiblyAt150()
    {
        var json = Only(new Message([new HeaderBlock(new string('h', 400))]));

        var text = json["blocks"]![0]!["text"]!["text"]!.GetValue<string>();
        Assert.Equal(SlackLimits.HeaderText, text.Length);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
        Assert.Equal("plain_text", json["blocks"]![0]!["text"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Render_SectionOverLimit_TruncatedVisiblyAt3000()
    {
        var json = Only(new Message([TextBlock.Plain(new string('a', 2990) + "<<<<<<<<<<")]));

        var text = json["blocks"]![0]!["text"]!["text"]!.GetValue<string>();
        Assert.True(text.Length <= SlackLimits.SectionText, $"length {text.Length}");
        Assert.EndsWith("…", text, StringComparison.Ordinal);
        Assert.DoesNotContain("&l…", text, StringComparison.Ordinal); // never cuts an entity in half
    }

    [Fact]
    public void Render_SectionExactlyAtLimit_NotTruncated()
    {
        var json = Only(new Message([TextBlock.Plain(new string('a', SlackLimits.SectionText))]));

        Assert.Equal(new string('a', SlackLimits.SectionText), json["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Render_ElevenFields_TwoSectionsOfAtMostTen_EachFieldWithin2000()
    {
        var fields = Enumerable.Range(1, 11).Select(i => new MessageField($"L{i}", new string('v', 2500))).ToList();

        var blocks = Only(new Message([new FieldsBlock(fields)]))["blocks"]!.AsArray();

        Assert.Equal(2, blocks.Count);
        Assert.Equal(10, blocks[0]!["fields"]!.AsArray().Count);
        Assert.Single(blocks[1]!["fields"]!.AsArray());
        Assert.All(blocks.SelectMany(b => b!["fields"]!.AsArray()), f =>
        {
            var text = f!["text"]!.GetValue<string>();
            Assert.True(text.Length <= SlackLimits.FieldText);
            Assert.EndsWith("…", text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Render_OneLongField_TruncatedVisiblyAt2000()
    {
        var json = Only(new Message([new FieldsBlock([new MessageField("Lessons", new string('v', 2500))])]));

        var text = json["blocks"]![0]!["fields"]![0]!["text"]!.GetValue<string>();
        Assert.Equal(SlackLimits.FieldText, text.Length);
        Assert.StartsWith("*Lessons*\nvvv", text, StringComparison.Ordinal);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ThirtyButtons_ActionsBlocksOfAtMost25_LabelsWithin75()
    {
        var buttons = Enumerable.Range(1, 30).Select(i => new MessageButton(new string('b', 100), $"dpse:celebrate:{i}")).ToList();

        var blocks = Only(new Message([new ActionsBlock(buttons)]))["blocks"]!.AsArray();

        Assert.Equal([25, 5], blocks.Select(b => b!["elements"]!.AsArray().Count));
        Assert.All(blocks.SelectMany(b => b!["elements"]!.AsArray()), e =>
        {
            Assert.True(e!["text"]!["text"]!.GetValue<string>().Length <= SlackLimits.ButtonText);
            Assert.True(e["action_id"]!.GetValue<string>().Length <= SlackLimits.ActionId);
        });
    }

    [Fact]
    public void Render_ButtonIdOver255OrRepeated_LeftOutRatherThanRejected()
    {
        var buttons = new List<MessageButton>
        {
            new("Too long", "dpse:" + new string('x', 300)),
            new("Celebrate", ActionIds.Celebrate(1), ButtonStyle.Primary),
            new("Again", ActionIds.Celebrate(1)),
        };

        var element = Assert.Single(Only(new Message([new ActionsBlock(buttons)]))["blocks"]![0]!["elements"]!.AsArray());

        Assert.Equal("dpse:celebrate:1", element!["action_id"]!.GetValue<string>());
        Assert.Equal("primary", element["style"]!.GetValue<string>());
    }

    [Fact]
    public void Render_ContextBlock_OneElementWithin3000()
    {
        var json = Only(new Message([ContextBlock.Plain(new string('c', 5000))]));

        var elements = json["blocks"]![0]!["elements"]!.AsArray();
        Assert.True(elements.Count <= SlackLimits.ElementsPerContext);
        Assert.True(elements[0]!["text"]!.GetValue<string>().Length <= SlackLimits.ContextText);
    }

    [Fact]
    public void Render_ThirtyEntries_SplitBetweenEntriesOnly_EachMessageWithin50Blocks()
    {
        var blocks = new List<MessageBlock>();
        for (var i = 0; i < 30; i++)
        {
            if (i > 0)
            {
                blocks.Add(DividerBlock.Instance);
            }

            blocks.Add(new HeaderBlock($"Story {i}"));
            blocks.Add(TextBlock.Plain($"Body {i}"));
        }

        var messages = BlockKitRenderer.Render(new Message(blocks) { FallbackText = "Weekly digest" });

        Assert.True(messages.Count >= 2);
        Assert.All(messages, m => Assert.True(m.Blocks.Count <= SlackLimits.BlocksPerMessage));
        var seen = new List<int>();
        foreach (var message in messages)
        {
            // Every message starts with an entry's header and keeps each header with its body.
            Assert.Equal("header", message.Blocks[0]!["type"]!.GetValue<string>());
            var texts = Texts(message.Blocks).ToList();
            for (var i = 0; i < 30; i++)
            {
                if (texts.Contains($"Story {i}"))
                {
                    Assert.Contains($"Body {i}", texts);
                    seen.Add(i);
                }
            }
        }

        Assert.Equal(Enumerable.Range(0, 30), seen);
        Assert.Equal($"Weekly digest (1/{messages.Count})", messages[0].Text);
    }

    [Fact]
    public void Render_OneEntryOver50Blocks_TruncatedWithVisibleNotice()
    {
        var blocks = Enumerable.Range(0, 80).Select(i => (MessageBlock)TextBlock.Plain($"line {i}")).ToList();

        var message = Assert.Single(BlockKitRenderer.Render(new Message(blocks)));

        Assert.Equal(SlackLimits.BlocksPerMessage, message.Blocks.Count);
        Assert.Contains("shortened", Texts(message.Blocks).Last(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ManyLongSections_SplitBeforeMsgBlocksTooLong()
    {
        var blocks = new List<MessageBlock>();
        for (var i = 0; i < 10; i++)
        {
            blocks.Add(TextBlock.Plain(new string('x', 2500)));
            blocks.Add(DividerBlock.Instance);
        }

        var messages = BlockKitRenderer.Render(new Message(blocks));

        Assert.True(messages.Count > 1);
        Assert.All(messages, m => Assert.True(m.Blocks.ToJsonString().Length <= SlackLimits.MessageBlockChars + 500));
    }

    [Fact]
    public void Render_NoFallbackText_UsesHeaderEscaped()
    {
        var message = Assert.Single(BlockKitRenderer.Render(new Message([new HeaderBlock("A <!here> & more"), TextBlock.Plain("x")])));

        Assert.Equal("A &lt;!here&gt; &amp; more", message.Text);
    }

    [Fact]
    public void Render_NoHeaderNorFallbackText_NotificationIsTheFirstParagraphOnOneLine()
    {
        var at = new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);
        var paragraph = new TextBlock([new BoldSpan("E-1 Meetup"), LineBreakSpan.Instance, new TimeSpanText(at, "Europe/London"), LineBreakSpan.Instance, new LinkSpan("Docs", "https://example.org/a&b")]);

        var message = Assert.Single(BlockKitRenderer.Render(new Message([paragraph])));

        Assert.Equal("E-1 Meetup Thu 3 Dec 2026, 14:00 GMT (Europe/London) Docs (https://example.org/a&amp;b)", message.Text);
    }

    [Fact]
    public void Render_TimeSpan_SlackDateTokenWithZoneFallback()
    {
        var at = new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);

        var text = Only(new Message([new TextBlock([new PlainSpan("Starts "), new TimeSpanText(at, "Europe/London")])]))["blocks"]![0]!["text"]!["text"]!.GetValue<string>();

        Assert.Equal($"Starts <!date^{at.ToUnixTimeSeconds()}^{{date_short_pretty}} at {{time}}|Thu 3 Dec 2026, 14:00 GMT (Europe/London)>", text);
    }

    [Fact]
    public void Render_Styles_BoldItalicCodeAndLineBreaks()
    {
        var text = Only(new Message([new TextBlock([new BoldSpan("Title"), LineBreakSpan.Instance, new ItalicSpan("quiet "), new CodeSpan("S-12")])]))["blocks"]![0]!["text"]!["text"]!.GetValue<string>();

        Assert.Equal("*Title*\n_quiet_ `S-12`", text);
    }

    [Theory]
    [InlineData(Tone.Error, ":x: ")]
    [InlineData(Tone.Warning, ":warning: ")]
    [InlineData(Tone.Success, ":white_check_mark: ")]
    public void Render_Tone_EmojiBeforeFirstHeaderOrParagraph(Tone tone, string emoji)
    {
        var headed = Only(new Message([new HeaderBlock("Title")], tone));
        var plain = Only(Message.Line("Something", tone));

        Assert.Equal(emoji + "Title", headed["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal(emoji + "Something", plain["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void RenderAttachment_LongExport_CodeBlockTruncatedVisiblyWithNote()
    {
        var message = BlockKitRenderer.RenderAttachment(new Attachment("export.json", "{\"a\":\"<!channel>\"}" + new string('x', 10_000)));

        var code = message.Blocks[0]!["text"]!["text"]!.GetValue<string>();
        Assert.True(code.Length <= SlackLimits.SectionText);
        Assert.StartsWith("```{\"a\":\"&lt;!channel&gt;\"}", code, StringComparison.Ordinal);
        Assert.EndsWith("…```", code, StringComparison.Ordinal);
        Assert.Contains("too long", message.Blocks[1]!["elements"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("```")]
    [InlineData("x````y")]
    [InlineData("{\"t\":\"```<!channel>```\"}")]
    public void RenderAttachment_Backticks_CannotCloseTheCodeBlock(string json)
    {
        var message = BlockKitRenderer.RenderAttachment(new Attachment("export.json", json));

        var code = message.Blocks[0]!["text"]!["text"]!.GetValue<string>();
        Assert.StartsWith("```", code, StringComparison.Ordinal);
        Assert.EndsWith("```", code, StringComparison.Ordinal);
        Assert.DoesNotContain("``", code[3..^3], StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", code, StringComparison.Ordinal);
    }
}

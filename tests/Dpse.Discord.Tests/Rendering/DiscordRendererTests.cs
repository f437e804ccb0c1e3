using System.Text.Json.Nodes;
using Dpse.Core.Messages;
using Dpse.Discord.Rendering;

namespace Dpse.Discord.Tests.Rendering;

public sealed class DiscordRendererTests
{
    private static JsonObject Single(Message message)
    {
        var bodies = DiscordRenderer.Render(message);
        Assert.Single(bodies);
        return bodies[0];
    }

    private static JsonObject Embed(JsonObject body, int index = 0) => body["embeds"]![index]!.AsObject();

    [Theory]
    [InlineData("@everyone hello")]
    [InlineData("@here look")]
    [InlineData("<@123456789012345678> hi")]
    [InlineData("<@&223456789012345678> team")]
    [InlineData("<@!123456789012345678>")]
    public void Render_MentionsInUserText_PingNoOneAndShowLiterally(string text)
    {
        var message = new Message([new HeaderBlock(text), TextBlock.Plain(text), new FieldsBlock([new MessageField(text, text)])]) { FallbackText = text };

        foreach (var body in DiscordRenderer.Render(message).Concat(DiscordRenderer.RenderReply(Reply.Error(text))))
        {
            Assert.Equal("""{"parse":[]}""", body["allowed_mentions"]!.ToJsonString());
            var json = body.ToJsonString();
            Assert.DoesNotContain("\"<@", json, StringComparison.Ordinal);
            Assert.DoesNotContain(" <@", json, StringComparison.Ordinal);
            Assert.DoesNotContain("\"@everyone", json, StringComparison.Ordinal);
            Assert.DoesNotContain("\"@here", json, StringComparison.Ordinal);
        }

        var description = Embed(Single(message))["description"]!.GetValue<string>();
        Assert.Equal(text.Replace("<", "\\<", StringComparison.Ordinal).Replace("@", "\\@", StringComparison.Ordinal), description);
    }

    [Fact]
    public void Render_EmptyMessage_StillSetsAllowedMentions()
    {
        var body = Single(new Message([]) { FallbackText = "@everyone" });
        Assert.Equal("""{"parse":[]}""", body["allowed_mentions"]!.ToJsonString());
        Assert.Equal("\\@everyone", body["content"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("**bold**", "\\*\\*bold\\*\\*")]
    [InlineData("[click](https://evil.example)", "\\[click\\](https://evil.example)")]
    [InlineData("# Heading", "\\# Heading")]
    [InlineData("- item", "\\- item")]
    [InlineData("> quote", "\\> quote")]
    [InlineData("1. first", "1\\. first")]
    [InlineData("a_b ~~c~~ `d` ||e||", "a\\_b \\~\\~c\\~\\~ \\`d\\` \\|\\|e\\|\\|")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("S-12 and 3.5", "S-12 and 3.5")]
    public void Escape_UserText_CannotFormatOrLink(string text, string expected) =>
        Assert.Equal(expected, DiscordMarkdown.Escape(text));

    [Fact]
    public void Render_Spans_UseMarkupOnlyForStructure()
    {
        var at = new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);
        var message = new Message([new TextBlock([
            new BoldSpan("Open *Councils*"), new PlainSpan(" at "), new TimeSpanText(at, "Europe/London"), LineBreakSpan.Instance,
            new CodeSpan("S-`12"), new PlainSpan(" "), new LinkSpan("the [site]", "https://example.org/a(b)"), new ItalicSpan("fine"),
        ])]);

        var description = Embed(Single(message))["description"]!.GetValue<string>();

        Assert.Equal($"**Open \\*Councils\\***  at <t:{at.ToUnixTimeSeconds()}:F>\n`S-ˋ12` [the \\[site\\]](https://example.org/a%28b%29)_fine_".Replace("**  at", "** at", StringComparison.Ordinal), description);
    }

    [Theory]
    [InlineData(Tone.Info, 0x5865F2)]
    [InlineData(Tone.Success, 0x57F287)]
    [InlineData(Tone.Warning, 0xFEE75C)]
    [InlineData(Tone.Error, 0xED4245)]
    public void Render_Tone_SetsEmbedColour(Tone tone, int colour) =>
        Assert.Equal(colour, Embed(Single(Message.Line("x", tone)))["color"]!.GetValue<int>());

    [Fact]
    public void RenderReply_OnlyInvoker_SetsEphemeralFlag()
    {
        Assert.Equal(64, DiscordRenderer.RenderReply(Reply.Error("no"))[0]["flags"]!.GetValue<int>());
        Assert.Null(DiscordRenderer.RenderReply(Reply.Public(Message.Line("yes")))[0]["flags"]);
    }

    [Fact]
    public void Render_LongTitle_TruncatedVisiblyAt256()
    {
        var title = Embed(Single(new Message([new HeaderBlock(new string('t', 300))])))["title"]!.GetValue<string>();
        Assert.Equal(DiscordLimits.EmbedTitle, title.Length);
        Assert.EndsWith("…", title, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LongParagraph_TruncatedVisiblyAt4096()
    {
        var description = Embed(Single(new Message([TextBlock.Plain(new string('d', 5000))])))["description"]!.GetValue<string>();
        Assert.Equal(DiscordLimits.EmbedDescription, description.Length);
        Assert.EndsWith("…", description, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TruncatedEscapes_NeverEndInALoneBackslash()
    {
        var description = Embed(Single(new Message([TextBlock.Plain(new string('*', 3000))])))["description"]!.GetValue<string>();
        Assert.True(description.Length <= DiscordLimits.EmbedDescription);
        Assert.EndsWith("\\*…", description, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TwoParagraphsOverDescriptionLimit_SplitBetweenBlocksIntoTwoEmbeds()
    {
        var body = Single(new Message([new HeaderBlock("Story"), TextBlock.Plain(new string('a', 3000)), TextBlock.Plain(new string('b', 2000))]));
        var embeds = body["embeds"]!.AsArray();
        Assert.Equal(2, embeds.Count);
        Assert.Equal(new string('a', 3000), embeds[0]!["description"]!.GetValue<string>());
        Assert.Equal(new string('b', 2000), embeds[1]!["description"]!.GetValue<string>());
    }

    [Fact]
    public void Render_FieldNameAndValue_TruncatedAt256And1024()
    {
        var field = Embed(Single(new Message([new FieldsBlock([new MessageField(new string('n', 300), new string('v', 2000))])])))["fields"]![0]!;
        Assert.Equal(DiscordLimits.EmbedFieldName, field["name"]!.GetValue<string>().Length);
        Assert.Equal(DiscordLimits.EmbedFieldValue, field["value"]!.GetValue<string>().Length);
        Assert.EndsWith("…", field["value"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MoreThan25Fields_ContinueInANewEmbed()
    {
        var fields = Enumerable.Range(1, 30).Select(i => new MessageField($"f{i}", "v")).ToList();
        var embeds = Single(new Message([new FieldsBlock(fields)]))["embeds"]!.AsArray();
        Assert.Equal(DiscordLimits.EmbedFields, embeds[0]!["fields"]!.AsArray().Count);
        Assert.Equal(5, embeds[1]!["fields"]!.AsArray().Count);
    }

    [Fact]
    public void Render_TrailingContext_BecomesFooterTruncatedAt2048()
    {
        var embed = Embed(Single(new Message([new HeaderBlock("S-1"), ContextBlock.Plain("by **Ann** " + new string('x', 3000))])));
        var footer = embed["footer"]!["text"]!.GetValue<string>();
        Assert.Equal(DiscordLimits.EmbedFooter, footer.Length);
        Assert.StartsWith("by **Ann** x", footer, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TrailingContextWithTimeAndLink_FooterFlattensAsPlainTextDoes()
    {
        var spans = new TextSpan[] { new PlainSpan("At "), new TimeSpanText(new DateTimeOffset(2027, 7, 1, 13, 0, 0, TimeSpan.Zero), "Europe/London"), new PlainSpan(" · "), new LinkSpan("Docs", "https://example.org") };

        var footer = Embed(Single(new Message([new HeaderBlock("E-1"), new ContextBlock(spans)])))["footer"]!["text"]!.GetValue<string>();

        Assert.Equal("At Thu 1 Jul 2027, 14:00 BST (Europe/London) · Docs (https://example.org)", footer);
    }

    [Fact]
    public void Render_ManyEntries_SplitBetweenEntriesWithin10EmbedsAnd6000Characters()
    {
        var blocks = new List<MessageBlock>();
        for (var i = 0; i < 30; i++)
        {
            blocks.Add(new HeaderBlock($"Entry {i}"));
            blocks.Add(TextBlock.Plain(new string('e', 700)));
            blocks.Add(DividerBlock.Instance);
        }

        var bodies = DiscordRenderer.Render(new Message(blocks));

        Assert.True(bodies.Count > 3);
        var titles = new List<string>();
        foreach (var body in bodies)
        {
            var embeds = body["embeds"]!.AsArray();
            Assert.InRange(embeds.Count, 1, DiscordLimits.EmbedsPerMessage);
            Assert.True(embeds.Sum(e => e!["title"]!.GetValue<string>().Length + e["description"]!.GetValue<string>().Length) <= DiscordLimits.EmbedTotal);
            titles.AddRange(embeds.Select(e => e!["title"]!.GetValue<string>()));
            Assert.Equal("""{"parse":[]}""", body["allowed_mentions"]!.ToJsonString());
        }

        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"Entry {i}"), titles);
    }

    [Fact]
    public void Render_MoreThan10ShortEntries_StartsASecondMessage()
    {
        var blocks = Enumerable.Range(0, 12).SelectMany(i => new MessageBlock[] { new HeaderBlock($"E{i}"), DividerBlock.Instance }).ToList();
        var bodies = DiscordRenderer.Render(new Message(blocks));
        Assert.Equal([10, 2], bodies.Select(b => b["embeds"]!.AsArray().Count));
    }

    [Fact]
    public void Render_Buttons_FivePerRowFiveRowsLabelsCutAt80()
    {
        var buttons = Enumerable.Range(0, 27).Select(i => new MessageButton(i == 0 ? new string('l', 100) : $"B{i}", $"dpse:celebrate:{i}", i == 0 ? ButtonStyle.Primary : ButtonStyle.Secondary)).ToList();
        var body = Single(new Message([new HeaderBlock("Card"), new ActionsBlock(buttons)]));

        var rows = body["components"]!.AsArray();
        Assert.Equal(DiscordLimits.RowsPerMessage, rows.Count);
        Assert.All(rows, r => Assert.Equal(DiscordLimits.ButtonsPerRow, r!["components"]!.AsArray().Count));
        var first = rows[0]!["components"]![0]!;
        Assert.Equal(DiscordLimits.ButtonLabel, first["label"]!.GetValue<string>().Length);
        Assert.Equal(1, first["style"]!.GetValue<int>());
        Assert.Equal("dpse:celebrate:0", first["custom_id"]!.GetValue<string>());
    }

    [Fact]
    public void Render_ButtonWithCustomIdOver100_IsLeftOut()
    {
        var body = Single(new Message([new HeaderBlock("Card"), new ActionsBlock([new MessageButton("Too long", "dpse:" + new string('x', 100)), new MessageButton("Ok", "dpse:celebrate:1")])]));
        var buttons = body["components"]![0]!["components"]!.AsArray();
        Assert.Single(buttons);
        Assert.Equal("dpse:celebrate:1", buttons[0]!["custom_id"]!.GetValue<string>());
    }

    [Fact]
    public void RenderReply_LongAttachment_CodeBlockCutVisiblyWithin2000()
    {
        var reply = Reply.Private(Message.Line("Your export")) with { Attachment = new Attachment("export.json", new string('{', 5000)) };
        var content = DiscordRenderer.RenderReply(reply)[0]["content"]!.GetValue<string>();
        Assert.True(content.Length <= DiscordLimits.Content);
        Assert.StartsWith("**export.json**\n```json\n", content, StringComparison.Ordinal);
        Assert.Contains("5000 characters in all", content, StringComparison.Ordinal);
        Assert.EndsWith("\n```", content, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderReply_AttachmentWithBackticks_CannotCloseTheCodeBlock()
    {
        var reply = Reply.Private(Message.Line("x")) with { Attachment = new Attachment("a.json", "```@everyone```") };
        var content = DiscordRenderer.RenderReply(reply)[0]["content"]!.GetValue<string>();
        Assert.Equal(2, content.Split("```").Length - 1);
    }

    [Theory]
    [InlineData("````")]
    [InlineData("x`````y")]
    [InlineData("{\"t\":\"````\\n**bold** @everyone\"}")]
    [InlineData("`")]
    public void RenderReply_AttachmentWithRunsOfBackticks_StaysInsideOneCodeBlock(string json)
    {
        var reply = Reply.Private(Message.Line("x")) with { Attachment = new Attachment("a.json", json) };
        var content = DiscordRenderer.RenderReply(reply)[0]["content"]!.GetValue<string>();

        Assert.StartsWith("**a.json**\n```json\n", content, StringComparison.Ordinal);
        Assert.EndsWith("\n```", content, StringComparison.Ordinal);
        Assert.DoesNotContain("``", content[("**a.json**\n```".Length)..^3], StringComparison.Ordinal);
        Assert.Equal(json, content["**a.json**\n```json\n".Length..^4].Replace("\u200b", "", StringComparison.Ordinal));
    }
}

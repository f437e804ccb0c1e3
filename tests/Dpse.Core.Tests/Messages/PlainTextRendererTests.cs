using Dpse.Core.Commands;
using Dpse.Core.Events;
using Dpse.Core.Messages;

namespace Dpse.Core.Tests.Messages;

public sealed class PlainTextRendererTests
{
    [Fact]
    public void Render_EveryBlockKind_AsTerminalText()
    {
        var message = new Message(
        [
            new HeaderBlock("S-1 · Title"),
            new TextBlock([new BoldSpan("Bold"), new PlainSpan(" plain "), new ItalicSpan("italic"), new PlainSpan(" "), new CodeSpan("/dpse help"), LineBreakSpan.Instance, new LinkSpan("Docs", "https://example.org"), new PlainSpan(" "), new LinkSpan("https://x.example", "https://x.example")]),
            new FieldsBlock([new MessageField("Outcome", "Success"), new MessageField("Sector", "health")]),
            DividerBlock.Instance,
            new ContextBlock([new PlainSpan("At "), new TimeSpanText(new DateTimeOffset(2027, 7, 1, 13, 0, 0, TimeSpan.Zero), "Europe/London")]),
            new ActionsBlock([new MessageButton("Celebrate", ActionIds.Celebrate(1)), new MessageButton("Going", ActionIds.Rsvp(3, RsvpStatus.Going)), new MessageButton("Next page", ActionIds.Page(2, "story search solr")!), new MessageButton("Other", "elsewhere:1")]),
        ]);

        Assert.Equal(
            "S-1 · Title\n===========\n" +
            "Bold plain italic /dpse help\nDocs (https://example.org) https://x.example\n" +
            "Outcome: Success\nSector: health\n---\n" +
            "  At Thu 1 Jul 2027, 14:00 BST (Europe/London)\n" +
            "  [Celebrate → /dpse story celebrate 1]  [Going → /dpse event rsvp 3 going]  [Next page → /dpse story search solr page:2]  [Other]",
            PlainTextRenderer.Render(message));
    }

    [Fact]
    public void Render_Error_PrefixesTheFirstParagraphOnly()
    {
        var message = new Message([TextBlock.Plain("Bad thing."), TextBlock.Plain("More.")], Tone.Error);

        Assert.Equal("Error: Bad thing.\nMore.", PlainTextRenderer.Render(message));
    }

    [Fact]
    public void Render_HeaderUnderline_IsBoundedToSixty()
    {
        var shown = PlainTextRenderer.Render(new Message([new HeaderBlock(new string('h', 100)), new HeaderBlock("x")]));

        Assert.Equal($"{new string('h', 100)}\n{new string('=', 60)}\nx\n===", shown);
    }

    [Fact]
    public void Render_UserTextWithMarkup_IsPrintedAsIs()
    {
        var shown = PlainTextRenderer.Render(Message.Line("<!channel> @everyone *x* <https://evil|ok>"));

        Assert.Equal("<!channel> @everyone *x* <https://evil|ok>", shown);
    }
}

using System.Globalization;
using System.Text;
using Dpse.Core.Messages;

namespace Dpse.Core.Tests.Digests;

/// <summary>Flattens a neutral message to text the way a plain renderer would, so tests assert what people read.</summary>
internal static class Flat
{
    public static string Text(Message message)
    {
        var sb = new StringBuilder();
        foreach (var block in message.Blocks)
        {
            switch (block)
            {
                case HeaderBlock h: sb.Append("# ").AppendLine(h.Text); break;
                case TextBlock t: sb.AppendLine(Spans(t.Spans)); break;
                case ContextBlock c: sb.Append("> ").AppendLine(Spans(c.Spans)); break;
                case FieldsBlock f: sb.AppendLine(string.Join(" | ", f.Fields.Select(x => $"{x.Label}: {x.Value}"))); break;
                case ActionsBlock a: sb.AppendLine(string.Join(" ", a.Buttons.Select(b => $"[{b.Label}]"))); break;
                case DividerBlock: sb.AppendLine("---"); break;
            }
        }

        return sb.ToString();
    }

    public static string Spans(IEnumerable<TextSpan> spans) => string.Concat(spans.Select(s => s switch
    {
        PlainSpan p => p.Text,
        BoldSpan b => $"*{b.Text}*",
        ItalicSpan i => $"_{i.Text}_",
        CodeSpan c => $"`{c.Text}`",
        LinkSpan l => $"{l.Label} <{l.Url}>",
        TimeSpanText t => Core.Time.EventTime.Describe(t.At, t.TimeZone),
        LineBreakSpan => "\n",
        _ => string.Create(CultureInfo.InvariantCulture, $"{s}"),
    }));
}

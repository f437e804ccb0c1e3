using System.Text;
using Dpse.Core.Time;

namespace Dpse.Core.Messages;

/// <summary>
/// Spans flattened to plain text, wherever markup cannot go (the terminal, Discord embed footers, Slack's notification
/// text): styling dropped, a link as its URL (with its label when that says more), a time in its zone with the zone named.
/// </summary>
public static class PlainText
{
    /// <summary>The spans as one string; a line break becomes <paramref name="lineBreak"/> (a space where only one line fits).</summary>
    public static string Of(IEnumerable<TextSpan> spans, string lineBreak = "\n")
    {
        ArgumentNullException.ThrowIfNull(spans);
        var text = new StringBuilder();
        foreach (var span in spans)
        {
            text.Append(span switch
            {
                PlainSpan plain => plain.Text,
                BoldSpan bold => bold.Text,
                ItalicSpan italic => italic.Text,
                CodeSpan code => code.Text,
                LinkSpan link => string.IsNullOrWhiteSpace(link.Label) || link.Label == link.Url ? link.Url : $"{link.Label} ({link.Url})",
                TimeSpanText at => EventTime.Describe(at.At, at.TimeZone),
                LineBreakSpan => lineBreak,
                _ => "",
            });
        }

        return text.ToString();
    }
}

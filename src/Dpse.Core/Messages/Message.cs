namespace Dpse.Core.Messages;

/// <summary>
/// What the bot says, platform-neutral: blocks plus a tone. <see cref="FallbackText"/> is a plain summary for
/// notifications and screen readers (Slack's <c>text</c>, push previews).
/// </summary>
public sealed record Message(IReadOnlyList<MessageBlock> Blocks, Tone Tone = Tone.Info)
{
    /// <summary>Plain one-line summary; defaults to the first header or text.</summary>
    public string FallbackText { get; init; } = "";

    /// <summary>A message of one header and one paragraph.</summary>
    public static Message Simple(string header, string text, Tone tone = Tone.Info) =>
        new([new HeaderBlock(header), TextBlock.Plain(text)], tone) { FallbackText = header };

    /// <summary>A message of one paragraph.</summary>
    public static Message Line(string text, Tone tone = Tone.Info) =>
        new([TextBlock.Plain(text)], tone) { FallbackText = text };
}

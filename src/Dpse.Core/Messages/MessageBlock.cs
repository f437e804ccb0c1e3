namespace Dpse.Core.Messages;

/// <summary>
/// One block of a neutral message. Renderers may split a long message between blocks (never inside one),
/// so an entry of a digest is one block or a run of blocks between dividers.
/// </summary>
public abstract record MessageBlock
{
    private protected MessageBlock()
    {
    }
}

/// <summary>A title line.</summary>
public sealed record HeaderBlock(string Text) : MessageBlock;

/// <summary>A paragraph of spans.</summary>
public sealed record TextBlock(IReadOnlyList<TextSpan> Spans) : MessageBlock
{
    /// <summary>A paragraph of one plain run.</summary>
    public static TextBlock Plain(string text) => new([new PlainSpan(text)]);
}

/// <summary>Label/value pairs (outcome, organisation, sector...).</summary>
public sealed record FieldsBlock(IReadOnlyList<MessageField> Fields) : MessageBlock;

/// <summary>A small grey line (ids, authors, counts).</summary>
public sealed record ContextBlock(IReadOnlyList<TextSpan> Spans) : MessageBlock
{
    /// <summary>A context line of one plain run.</summary>
    public static ContextBlock Plain(string text) => new([new PlainSpan(text)]);
}

/// <summary>Buttons that route back to core actions.</summary>
public sealed record ActionsBlock(IReadOnlyList<MessageButton> Buttons) : MessageBlock;

/// <summary>A separator between entries; also where long messages may be split.</summary>
public sealed record DividerBlock : MessageBlock
{
    /// <summary>The one instance.</summary>
    public static DividerBlock Instance { get; } = new();
}

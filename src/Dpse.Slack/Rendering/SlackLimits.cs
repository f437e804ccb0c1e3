namespace Dpse.Slack.Rendering;

/// <summary>
/// Block Kit and Web API limits (Slack's @slack/types doc comments; PROTOCOL.md S5). The renderer stays inside every
/// one of them, truncating visibly or splitting between entries, so Slack never rejects a message we built.
/// </summary>
public static class SlackLimits
{
    /// <summary>Blocks in one message.</summary>
    public const int BlocksPerMessage = 50;

    /// <summary>Blocks in one modal view.</summary>
    public const int BlocksPerView = 100;

    /// <summary>Characters of a section's text.</summary>
    public const int SectionText = 3000;

    /// <summary>Characters of a header's text.</summary>
    public const int HeaderText = 150;

    /// <summary>Fields in one section.</summary>
    public const int FieldsPerSection = 10;

    /// <summary>Characters of one section field.</summary>
    public const int FieldText = 2000;

    /// <summary>Elements in one actions block.</summary>
    public const int ElementsPerActions = 25;

    /// <summary>Elements in one context block.</summary>
    public const int ElementsPerContext = 10;

    /// <summary>Characters of a context element's text.</summary>
    public const int ContextText = 3000;

    /// <summary>Characters of a button's label.</summary>
    public const int ButtonText = 75;

    /// <summary>Characters of an action_id or block_id.</summary>
    public const int ActionId = 255;

    /// <summary>Characters of a button's value.</summary>
    public const int ButtonValue = 2000;

    /// <summary>Characters of a modal's title, submit and close labels.</summary>
    public const int ViewTitle = 24;

    /// <summary>Characters of a modal's private_metadata.</summary>
    public const int PrivateMetadata = 3000;

    /// <summary>Characters of a plain_text_input's max_length and an input label.</summary>
    public const int InputMaxLength = 3000;

    /// <summary>Characters of an input block's label.</summary>
    public const int InputLabel = 2000;

    /// <summary>Characters of the top-level <c>text</c> we send (Slack truncates at 40,000; notifications need far less).</summary>
    public const int FallbackText = 3000;

    /// <summary>
    /// Total characters of block text in one message. Slack answers <c>msg_blocks_too_long</c> near 13,000 even
    /// below the per-block limits (bolt-js #2509), so long messages split well before that.
    /// </summary>
    public const int MessageBlockChars = 12000;

    /// <summary>The visible mark of truncated text.</summary>
    public const string Ellipsis = "…";
}

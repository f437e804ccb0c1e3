namespace Dpse.Discord.Rendering;

/// <summary>Discord's message, embed, component and command limits (API v10), named once.</summary>
internal static class DiscordLimits
{
    public const int Content = 2000;
    public const int EmbedTitle = 256;
    public const int EmbedDescription = 4096;
    public const int EmbedFields = 25;
    public const int EmbedFieldName = 256;
    public const int EmbedFieldValue = 1024;
    public const int EmbedFooter = 2048;
    public const int EmbedTotal = 6000;
    public const int EmbedsPerMessage = 10;
    public const int ButtonsPerRow = 5;
    public const int RowsPerMessage = 5;
    public const int CustomId = 100;
    public const int ButtonLabel = 80;
    public const int Nonce = 25;

    /// <summary>Largest file the bot uploads (Discord's default upload limit is 10 MiB).</summary>
    public const int AttachmentBytes = 8 * 1024 * 1024;

    public const int ModalTitle = 45;
    public const int ModalComponents = 5;
    public const int LabelText = 45;
    public const int LabelDescription = 100;
    public const int TextInputLength = 4000;

    public const int CommandName = 32;
    public const int CommandDescription = 100;
    public const int CommandOptions = 25;
    public const int CommandChoices = 25;
    public const int ChoiceName = 100;
    public const int ChoiceValue = 100;
    public const int OptionMaxLength = 6000;
    public const int CommandTotalText = 8000;
    public const int AutocompleteChoices = 25;

    /// <summary>Shown where text was cut.</summary>
    public const string Ellipsis = "…";
}

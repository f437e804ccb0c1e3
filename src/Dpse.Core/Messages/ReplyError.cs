namespace Dpse.Core.Messages;

/// <summary>What kind of mistake or failure an error reply reports.</summary>
public enum ReplyErrorKind
{
    /// <summary>A command, a button or an option the catalogue does not know.</summary>
    Unknown,

    /// <summary>The person may not run the command (moderators only).</summary>
    NotAllowed,

    /// <summary>An option's value does not fit its spec (kind, limits, choices).</summary>
    InvalidOption,

    /// <summary>Required options were not given.</summary>
    MissingOption,

    /// <summary>The handler refused the request (no such story, not yours to edit...).</summary>
    Rejected,

    /// <summary>Something failed on the bot's side; <see cref="ReplyError.Reference"/> finds it in the log.</summary>
    Unexpected,
}

/// <summary>
/// An error reply's structure, so adapters never read it back from text: the kind, the sentence for the person, the
/// option it is about (a Slack form shows it under that field), the command's usage line, and for a failure on the
/// bot's side the reference logged with it.
/// </summary>
public sealed record ReplyError(ReplyErrorKind Kind, string Text)
{
    /// <summary>The option the error is about, as the catalogue names it; null when it is about none.</summary>
    public string? Option { get; init; }

    /// <summary>The command's usage line, shown after the error where typing the command again is the fix.</summary>
    public string? Usage { get; init; }

    /// <summary>For <see cref="ReplyErrorKind.Unexpected"/>: the short id logged with the exception.</summary>
    public string? Reference { get; init; }

    /// <summary>The whole line as a text reply shows it: the sentence, then the usage when there is one.</summary>
    public string Line => Usage is null ? Text : $"{Text} Usage: {Usage}";

    /// <summary>A new short reference for an unexpected failure: 8 hex digits, logged with the exception and shown to the person.</summary>
    public static string NewReference() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
}

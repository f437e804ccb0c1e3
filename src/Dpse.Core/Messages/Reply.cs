using Dpse.Core.Commands;

namespace Dpse.Core.Messages;

/// <summary>
/// The core's answer to one command: a message, who sees it, and what the adapter should do with it.
/// Adapters render it; they never decide what it says.
/// </summary>
public sealed record Reply(Message Message, Visibility Visibility)
{
    /// <summary>When set, the adapter opens this form (modal, view or prompts) instead of showing <see cref="Message"/>.</summary>
    public FormRequest? Form { get; init; }

    /// <summary>When the command came from a button, replace that card with <see cref="Message"/> (Discord type 7, Slack chat.update).</summary>
    public bool ReplacesCard { get; init; }

    /// <summary>A file-like payload (exports): name and UTF-8 JSON, attached or printed by the adapter.</summary>
    public Attachment? Attachment { get; init; }

    /// <summary>True for error replies.</summary>
    public bool IsError => Message.Tone == Tone.Error;

    /// <summary>An error seen only by the invoker.</summary>
    public static Reply Error(string text) => new(Message.Line(text, Tone.Error), Visibility.OnlyInvoker);

    /// <summary>A private note to the invoker.</summary>
    public static Reply Private(Message message) => new(message, Visibility.OnlyInvoker);

    /// <summary>A message for the channel.</summary>
    public static Reply Public(Message message) => new(message, Visibility.Channel);
}

/// <summary>A named file produced by a command (exports).</summary>
public sealed record Attachment(string FileName, string Content);

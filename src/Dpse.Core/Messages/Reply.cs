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

    /// <summary>For an error reply, what went wrong, structured (kind, option, usage); null otherwise.</summary>
    public ReplyError? Problem { get; init; }

    /// <summary>True for error replies.</summary>
    public bool IsError => Problem is not null;

    /// <summary>An error seen only by the invoker: the handler refused the request.</summary>
    public static Reply Error(string text) => Error(new ReplyError(ReplyErrorKind.Rejected, text));

    /// <summary>An error seen only by the invoker, rendered as its <see cref="ReplyError.Line"/>.</summary>
    public static Reply Error(ReplyError problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new(Message.Line(problem.Line, Tone.Error), Visibility.OnlyInvoker) { Problem = problem };
    }

    /// <summary>A private note to the invoker.</summary>
    public static Reply Private(Message message) => new(message, Visibility.OnlyInvoker);

    /// <summary>A message for the channel.</summary>
    public static Reply Public(Message message) => new(message, Visibility.Channel);
}

/// <summary>
/// A named file produced by a command (exports). Large exports are written, not built: <see cref="WriteToAsync"/>
/// streams the UTF-8 content (the shell writes it straight to a file), and <see cref="Content"/> builds the text only
/// for adapters that post it inside a message.
/// </summary>
public sealed class Attachment
{
    private readonly Func<Stream, CancellationToken, Task>? _write;
    private string? _content;

    /// <summary>A file with this text.</summary>
    public Attachment(string fileName, string content)
    {
        FileName = fileName;
        _content = content;
    }

    /// <summary>A file whose UTF-8 content <paramref name="write"/> produces on demand (it may run more than once).</summary>
    public Attachment(string fileName, Func<Stream, CancellationToken, Task> write)
    {
        FileName = fileName;
        _write = write;
    }

    /// <summary>The file name, made by the core (never from user text).</summary>
    public string FileName { get; }

    /// <summary>The whole content as text; built once on first use.</summary>
    public string Content => _content ??= Build();

    /// <summary>Writes the content as UTF-8 to <paramref name="stream"/> without holding it as one string.</summary>
    public Task WriteToAsync(Stream stream, CancellationToken cancellationToken) =>
        _write is null
            ? stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(_content ?? ""), cancellationToken).AsTask()
            : _write(stream, cancellationToken);

    private string Build()
    {
        // Writing to memory completes synchronously, so waiting here does not block on I/O.
        using var memory = new MemoryStream();
        _write!(memory, CancellationToken.None).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(memory.GetBuffer(), 0, (int)memory.Length);
    }
}

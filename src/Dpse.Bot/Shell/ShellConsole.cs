namespace Dpse.Bot.Shell;

/// <summary>
/// The terminal the shell adapter reads and writes. A type of its own so tests give it a script and read what it
/// printed; writes are serialised because scheduled posts print while the prompt waits.
/// </summary>
public sealed class ShellConsole(TextReader input, TextWriter output, bool interactive)
{
    private readonly Lock _gate = new();

    /// <summary>The process's console: interactive unless stdin is redirected.</summary>
    public static ShellConsole FromProcess() => new(Console.In, Console.Out, !Console.IsInputRedirected);

    /// <summary>True when a person types at a prompt; false when commands are piped in.</summary>
    public bool Interactive { get; } = interactive;

    /// <summary>Reads one line, or null at end of input.</summary>
    public Task<string?> ReadLineAsync(CancellationToken cancellationToken) => input.ReadLineAsync(cancellationToken).AsTask();

    /// <summary>Writes text followed by a newline.</summary>
    public void WriteLine(string text)
    {
        lock (_gate)
        {
            output.WriteLine(text);
            output.Flush();
        }
    }

    /// <summary>Writes a prompt (interactive only).</summary>
    public void Prompt(string text)
    {
        if (!Interactive)
        {
            return;
        }

        lock (_gate)
        {
            output.Write(text);
            output.Flush();
        }
    }
}

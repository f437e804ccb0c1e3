using System.Text;

namespace Dpse.Bot.Shell;

/// <summary>
/// The terminal the shell adapter reads and writes. A type of its own so tests give it a script and read what it
/// printed; writes are serialised because scheduled posts print while the prompt waits. Posts that arrive while a
/// command runs are held and printed after its reply, never in the middle of it. Everything printed has raw control
/// and escape sequences removed: stored text must not be able to drive the person's terminal.
/// </summary>
public sealed class ShellConsole(TextReader input, TextWriter output, bool interactive)
{
    private readonly Lock _gate = new();
    private readonly List<string> _held = [];
    private bool _commandRunning;

    /// <summary>The process's console: interactive unless stdin is redirected.</summary>
    public static ShellConsole FromProcess() => new(Console.In, Console.Out, !Console.IsInputRedirected);

    /// <summary>True when a person types at a prompt; false when commands are piped in.</summary>
    public bool Interactive { get; } = interactive;

    /// <summary>
    /// Reads one line, or null at end of input (Ctrl-D). Stops waiting when <paramref name="cancellationToken"/> is
    /// cancelled even if the reader cannot be cancelled (the process's console blocks in a read that ignores it).
    /// </summary>
    /// <remarks>
    /// The process's <see cref="Console.In"/> answers <c>ReadLineAsync</c> by blocking the caller in <c>ReadLine</c>,
    /// so the read runs on a pool thread of its own; on shutdown it is abandoned there, blocked, and the host stops
    /// at once instead of waiting out its shutdown timeout for a line nobody will type.
    /// </remarks>
    public Task<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        Task.Run(() => input.ReadLineAsync(cancellationToken).AsTask(), cancellationToken).WaitAsync(cancellationToken);

    /// <summary>Writes text followed by a newline.</summary>
    public void WriteLine(string text)
    {
        lock (_gate)
        {
            output.WriteLine(Printable(text));
            output.Flush();
        }
    }

    /// <summary>Writes a post (digest, reminder, notice) now, or after the running command's reply.</summary>
    public void Post(string text)
    {
        lock (_gate)
        {
            if (_commandRunning)
            {
                _held.Add(text);
                return;
            }

            output.WriteLine(Printable(text));
            output.Flush();
        }
    }

    /// <summary>Marks a command as running: posts wait until <see cref="EndCommand"/>.</summary>
    public void BeginCommand()
    {
        lock (_gate)
        {
            _commandRunning = true;
        }
    }

    /// <summary>Ends the running command and prints the posts that arrived meanwhile.</summary>
    public void EndCommand()
    {
        lock (_gate)
        {
            _commandRunning = false;
            foreach (var text in _held)
            {
                output.WriteLine(Printable(text));
            }

            _held.Clear();
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
            output.Write(Printable(text));
            output.Flush();
        }
    }

    /// <summary>
    /// Text safe to print on a terminal: escape sequences (ESC [ … letter, ESC ] … BEL) and other control characters
    /// removed, line breaks and tabs kept.
    /// </summary>
    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(c => char.IsControl(c) && c is not '\n' and not '\t' and not '\r'))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\u001b' && i + 1 < text.Length)
            {
                i = EndOfEscape(text, i);
                continue;
            }

            if (!char.IsControl(c) || c is '\n' or '\t')
            {
                clean.Append(c);
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                clean.Append(c);
            }
        }

        return clean.ToString();
    }

    /// <summary>The index of the last character of the escape sequence starting at <paramref name="start"/>.</summary>
    private static int EndOfEscape(string text, int start)
    {
        var kind = text[start + 1];
        var i = start + 2;
        if (kind == '[')
        {
            // CSI: parameters and intermediates, then one final byte in @..~.
            while (i < text.Length && text[i] is < '@' or > '~')
            {
                i++;
            }

            return Math.Min(i, text.Length - 1);
        }

        if (kind is ']' or 'P' or '_' or '^')
        {
            // OSC, DCS, APC, PM: up to BEL or ESC \.
            while (i < text.Length && text[i] != '\a' && !(text[i] == '\u001b' && i + 1 < text.Length && text[i + 1] == '\\'))
            {
                i++;
            }

            return i < text.Length && text[i] == '\u001b' ? i + 1 : Math.Min(i, text.Length - 1);
        }

        return start + 1;
    }
}

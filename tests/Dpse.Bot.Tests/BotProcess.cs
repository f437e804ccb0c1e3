using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Dpse.Bot.Tests;

/// <summary>
/// Runs the real executable (the apphost copied beside the tests) as a separate process, for what only a process
/// shows: what reaches its standard error from logging, signals, and its exit code. Kept to a few tests: each run
/// costs a process start.
/// </summary>
internal sealed class BotProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Lock _gate = new();

    private BotProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static bool Available => OperatingSystem.IsLinux() && File.Exists(Executable);

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_gate)
            {
                return _error.ToString();
            }
        }
    }

    public int Id => _process.Id;

    private static string Executable => Path.Combine(AppContext.BaseDirectory, "Dpse.Bot");

    /// <summary>Starts the bot in <paramref name="folder"/> with <paramref name="environment"/> added to its environment.</summary>
    public static BotProcess Start(string folder, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Nothing from the test runner's environment may pick a platform or a data file.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Dpse__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new BotProcess(Process.Start(start)!);
    }

    /// <summary>Writes one line to the bot's standard input.</summary>
    public async Task TypeAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Closes standard input (end of the piped commands).</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Sends SIGTERM, as <c>docker stop</c> and systemd do.</summary>
    public void Terminate() => Signal(15);

    /// <summary>Stops the process where it is (SIGSTOP): it runs no code, but its sockets and database sessions stay open.</summary>
    public void Pause() => Signal(19);

    /// <summary>Lets a paused process run again (SIGCONT).</summary>
    public void Resume() => Signal(18);

    private void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: {Marshal.GetLastWin32Error()}");
        }
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown code runs; its sockets and database sessions just drop.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>Waits (bounded) for the output to satisfy <paramref name="done"/>.</summary>
    public async Task WaitForOutputAsync(Func<string, bool> done, TimeSpan bound, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!done(Output))
        {
            if (deadline.Elapsed > bound || _process.HasExited && !done(Output))
            {
                throw new TimeoutException($"The bot did not print what was expected. Output:\n{Output}\nError:\n{Error}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Waits (bounded) for the process to exit; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan bound, CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).WaitAsync(bound, cancellationToken);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private void Append(StringBuilder to, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            to.AppendLine(line);
        }
    }
}

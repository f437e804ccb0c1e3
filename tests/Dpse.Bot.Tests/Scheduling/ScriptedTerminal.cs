using System.Text;
using System.Threading.Channels;

namespace Dpse.Bot.Tests.Scheduling;

/// <summary>
/// A terminal that stays open: lines are typed one at a time while the host runs (so the clock can move between
/// them), and what the bot prints can be awaited. End of input stops the shell, as closing a pipe does.
/// </summary>
internal sealed class ScriptedTerminal
{
    public ScriptedTerminal()
    {
        Input = new LineReader();
        Output = new WatchedWriter();
    }

    public LineReader Input { get; }

    public WatchedWriter Output { get; }

    internal sealed class LineReader : TextReader
    {
        private readonly Channel<string?> _lines = Channel.CreateUnbounded<string?>();

        public void Type(string line) => _lines.Writer.TryWrite(line);

        public void End() => _lines.Writer.TryWrite(null);

        public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) =>
            await _lines.Reader.ReadAsync(cancellationToken);

        public override string? ReadLine() => throw new NotSupportedException("The shell reads asynchronously.");
    }

    internal sealed class WatchedWriter : TextWriter
    {
        private readonly Lock _gate = new();
        private readonly StringBuilder _text = new();
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Encoding Encoding => Encoding.UTF8;

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return _text.ToString();
                }
            }
        }

        public override void Write(char value) => Append(value.ToString());

        public override void Write(string? value) => Append(value ?? "");

        public override void WriteLine(string? value) => Append((value ?? "") + NewLine);

        /// <summary>Waits (bounded) until the printed text satisfies <paramref name="done"/>.</summary>
        public async Task WaitForAsync(Func<string, bool> done, CancellationToken cancellationToken)
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(TimeSpan.FromSeconds(20));
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    if (done(_text.ToString()))
                    {
                        return;
                    }

                    changed = _changed.Task;
                }

                try
                {
                    await changed.WaitAsync(bound.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"The bot did not print what was expected. It printed:\n{Text}");
                }
            }
        }

        private void Append(string value)
        {
            TaskCompletionSource changed;
            lock (_gate)
            {
                _text.Append(value);
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Dpse.Bot.Tests.Http;

/// <summary>Collects the host's log lines (level and formatted message) so tests can read what an operator would.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Lines { get; } = new();

    public string Text => string.Join('\n', Lines.Select(l => $"{l.Level} {l.Category}: {l.Message}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Lines.Enqueue((logLevel, category, formatter(state, exception)));
            }
        }
    }
}

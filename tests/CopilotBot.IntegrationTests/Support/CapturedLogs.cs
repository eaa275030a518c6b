using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CopilotBot.IntegrationTests.Support;

/// <summary>Every log entry of a host, with its category, for tests that assert what was (not) logged.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Text)> Entries { get; } = new();

    /// <summary>Turn errors and failures of queued turns: what the user sees as "Sorry, something went wrong".</summary>
    public IReadOnlyList<string> TurnErrors => [.. Entries
        .Where(e => e.Level >= LogLevel.Error && (e.Text.Contains("Turn error", StringComparison.Ordinal) || e.Text.Contains("queued turn failed", StringComparison.Ordinal)))
        .Select(e => e.Text)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                logs.Entries.Enqueue((category, logLevel, formatter(state, exception) + " " + exception));
            }
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Observatory.Database.Tests.Support;

/// <summary>Keeps formatted log messages so a test can wait for, or assert on, what a host logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _waiters = [];

    public IReadOnlyCollection<string> Messages => _messages;

    /// <summary>Completes when a message matching <paramref name="match"/> is logged (also if already logged).</summary>
    public Task WaitForAsync(Func<string, bool> match)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((match, seen));
        }

        if (_messages.Any(match))
        {
            seen.TrySetResult();
        }

        return seen.Task;
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this);

    public void Dispose()
    {
    }

    private void Add(string message)
    {
        _messages.Enqueue(message);
        lock (_waiters)
        {
            foreach (var (match, seen) in _waiters.Where(w => w.Match(message)))
            {
                seen.TrySetResult();
            }
        }
    }

    private sealed class CapturingLogger(CapturingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Add(formatter(state, exception));
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace Smile.Mqtt.Tests
{
    /// <summary>Keeps what the client logs, so a test can check that a warning came, and came once.</summary>
    internal sealed class RecordingLogger : ILogger
    {
        private readonly List<(LogLevel Level, string Text)> _entries = new List<(LogLevel, string)>();

        public IReadOnlyList<string> AtLeast(LogLevel level)
        {
            lock (_entries)
            {
                return _entries.Where(e => e.Level >= level).Select(e => e.Text).ToList();
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries)
            {
                _entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}

using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace Smile.Gateway.Tests
{
    /// <summary>Keeps the warnings logged, from any thread: for tests of what a component tells the operator.</summary>
    internal class WarningLog : ILogger, ILoggerProvider
    {
        private readonly List<string> _warnings = new List<string>();

        /// <summary>The warnings so far, a copy.</summary>
        public List<string> Warnings
        {
            get
            {
                lock (_warnings)
                {
                    return new List<string>(_warnings);
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                lock (_warnings)
                {
                    _warnings.Add(formatter(state, exception));
                }
            }
        }

        public void Dispose()
        {
        }
    }

    /// <summary>The same, where a component takes a typed logger.</summary>
    internal sealed class WarningLog<T> : WarningLog, ILogger<T>
    {
    }
}

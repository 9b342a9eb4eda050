using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// Exceptions thrown (first chance: caught or not), by type, in the code started after <see cref="MarkFlow"/>: its
    /// execution context flows into the tasks, timers and socket callbacks that code starts, so a client some earlier
    /// test left reconnecting to its stopped broker is not counted. Blind spot: a callback that does not carry the
    /// context (ValueTask.AsTask's completion, for one) is not counted either. On a steady path an exception is control
    /// flow paid for with a stack walk; the hot-path tests count them.
    /// </summary>
    internal sealed class ExceptionCount : IDisposable
    {
        private static readonly AsyncLocal<bool> Marked = new AsyncLocal<bool>();
        private readonly Dictionary<string, int> _byType = new Dictionary<string, int>();
        private bool _counting = true;

        private ExceptionCount() => AppDomain.CurrentDomain.FirstChanceException += Count;

        public int Total
        {
            get
            {
                lock (_byType)
                {
                    return _byType.Values.Sum();
                }
            }
        }

        /// <summary>What the calling method starts from here on is counted (until it returns).</summary>
        public static void MarkFlow() => Marked.Value = true;

        public static ExceptionCount Start() => new ExceptionCount();

        /// <summary>Stops counting and returns this count, for the result.</summary>
        public ExceptionCount Stop()
        {
            Dispose();
            return this;
        }

        public void Dispose()
        {
            _counting = false;
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        public override string ToString()
        {
            lock (_byType)
            {
                return _byType.Count == 0 ? "none" : string.Join(", ", _byType.OrderByDescending(t => t.Value).Select(t => t.Key + " ×" + t.Value));
            }
        }

        private void Count(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (!_counting || !Marked.Value)
            {
                return;
            }

            lock (_byType)
            {
                string type = e.Exception.GetType().Name;
                _byType[type] = _byType.TryGetValue(type, out int n) ? n + 1 : 1;
            }
        }
    }
}

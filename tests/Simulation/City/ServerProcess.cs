using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Smile.Simulation.City
{
    /// <summary>
    /// One long-running server process of the city side (a NATS member, a postmaster): started with its output kept in a
    /// log file, killed by signal, started again with the same arguments, and waited for with a deadline.
    /// </summary>
    internal sealed class ServerProcess : IDisposable
    {
        private readonly string _tool;
        private readonly IReadOnlyList<string> _arguments;
        private readonly string _logFile;
        private readonly IReadOnlyDictionary<string, string> _environment;
        private Process? _process;

        public ServerProcess(string tool, IReadOnlyList<string> arguments, string logFile, IReadOnlyDictionary<string, string>? environment = null)
        {
            _tool = tool;
            _arguments = arguments;
            _logFile = logFile;
            _environment = environment ?? new Dictionary<string, string>();
        }

        public int Pid => _process?.Id ?? 0;

        public bool Running => _process is { HasExited: false };

        public void Start()
        {
            var start = new ProcessStartInfo(_tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in _arguments)
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (key, value) in _environment)
            {
                start.Environment[key] = value;
            }

            _process?.Dispose();
            _process = Process.Start(start) ?? throw new InvalidOperationException(_tool + " did not start");
            var log = TextWriter.Synchronized(new StreamWriter(_logFile, append: true) { AutoFlush = true });
            _process.OutputDataReceived += (_, e) => Append(log, e.Data);
            _process.ErrorDataReceived += (_, e) => Append(log, e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        /// <summary>Sends a signal (KILL, QUIT, INT, TERM) and waits for the process to end.</summary>
        public void Signal(string signal, TimeSpan timeout)
        {
            if (_process is not { HasExited: false })
            {
                return;
            }

            Smile.Simulation.Place.ProcessRunner.Signal(_process.Id, signal);
            if (!_process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }

        /// <summary>Polls until ready says yes; throws with the log's end when the process exits or the time runs out.</summary>
        public void WaitUntil(Func<bool> ready, TimeSpan timeout, string what)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (_process is not { HasExited: false })
                {
                    throw new InvalidOperationException(what + ": the process exited\n" + LogTail());
                }

                if (ready())
                {
                    return;
                }

                Thread.Sleep(50);
            }

            throw new TimeoutException(what + " within " + timeout.TotalSeconds + " s\n" + LogTail());
        }

        public string LogTail()
        {
            try
            {
                using var reader = new StreamReader(new FileStream(_logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
                string text = reader.ReadToEnd();
                return text.Length > 4000 ? text.Substring(text.Length - 4000) : text;
            }
            catch (IOException)
            {
                return "(no log)";
            }
        }

        public void Dispose()
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process?.Dispose();
        }

        private static void Append(TextWriter log, string? line)
        {
            if (line != null)
            {
                try
                {
                    log.WriteLine(line);
                }
                catch (ObjectDisposedException)
                {
                    // The process ended while its last line was on the way.
                }
            }
        }
    }
}

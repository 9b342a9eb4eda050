using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Threading;
using Smile.Node;

namespace Smile.Nodectl.Flash
{
    /// <summary>
    /// A line-based serial console over a stream (a tty device file): a reader thread collects lines, so every read
    /// waits at most its timeout. Lines end with \n; a \r before it is dropped (the node may send \r\n).
    /// </summary>
    public sealed class SerialConsole : ISerialLine, IDisposable
    {
        private readonly Stream _stream;
        private readonly BlockingCollection<string> _lines = new BlockingCollection<string>(1024);
        private readonly Thread _reader;

        public SerialConsole(Stream stream)
        {
            _stream = stream;
            _reader = new Thread(Read) { IsBackground = true, Name = "serial console" };
            _reader.Start();
        }

        /// <summary>Opens a serial device at 115200 8N1, raw, without echo (Linux and macOS: stty).</summary>
        public static SerialConsole Open(string port)
        {
            Smile.Place.Mosquitto.Run("stty", "-F", port, "115200", "raw", "-echo", "cs8", "-cstopb", "-parenb");
            return new SerialConsole(new FileStream(port, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1));
        }

        public void WriteLine(string line)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
            _stream.Write(bytes, 0, bytes.Length);
            _stream.Flush();
        }

        public string? ReadLine(int timeoutMs) => _lines.TryTake(out string? line, timeoutMs) ? line : null;

        public void Dispose()
        {
            _stream.Dispose();
            _lines.CompleteAdding();
        }

        private void Read()
        {
            var line = new StringBuilder();
            var buffer = new byte[256];
            try
            {
                while (true)
                {
                    int read = _stream.Read(buffer, 0, buffer.Length);
                    if (read <= 0)
                    {
                        return;
                    }

                    foreach (char c in Encoding.UTF8.GetString(buffer, 0, read))
                    {
                        if (c == '\n')
                        {
                            _lines.Add(line.ToString().TrimEnd('\r'));
                            line.Clear();
                        }
                        else
                        {
                            line.Append(c);
                        }
                    }
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The device went away or the console closed: reads time out from here on.
            }
        }
    }
}

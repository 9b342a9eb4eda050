using Smile.Node;

namespace Smile.Simulation.Devices
{
    /// <summary>
    /// A device on the far end of a UART: it answers the lines the node writes with lines of its own, each printed at
    /// its moment on the virtual clock. A read takes the next line if it is printed within the timeout (the clock
    /// moves on to that moment), else waits out the whole timeout and gets nothing, as with a silent or slow device.
    /// A line the node stopped waiting for stays in the buffer and is read first next time, as on a real UART.
    /// </summary>
    public abstract class SimulatedUartDevice : ISerialLine
    {
        // The receive buffer of the node's UART. When it is full, further lines are lost, as the ESP32 UART driver
        // flushes on overflow; the node reads every wake, so the simulations never come near it.
        private const int Capacity = 64;

        private readonly string[] _lines = new string[Capacity];
        private readonly long[] _due = new long[Capacity];
        private int _count;

        protected SimulatedUartDevice(VirtualClock clock, int baudRate)
        {
            Clock = clock;
            BaudRate = baudRate;
        }

        /// <summary>The UART's speed: a line of n characters plus CR LF takes (n + 2) × 10 bits (8N1) to cross.</summary>
        public int BaudRate { get; }

        protected VirtualClock Clock { get; }

        /// <summary>Lines printed or still to be printed that the node has not read.</summary>
        public int Unread => _count;

        public abstract void WriteLine(string line);

        public string? ReadLine(int timeoutMs)
        {
            long now = Clock.ElapsedMs;
            if (_count == 0 || _due[0] > now + timeoutMs)
            {
                Clock.Spend(timeoutMs, NodePhase.ModemWait);
                return null;
            }

            if (_due[0] > now)
            {
                Clock.Spend(_due[0] - now, NodePhase.ModemWait);
            }

            string line = _lines[0];
            Cross(line);
            _count--;
            for (int i = 0; i < _count; i++)
            {
                _lines[i] = _lines[i + 1];
                _due[i] = _due[i + 1];
            }

            _lines[_count] = null!;
            return line;
        }

        /// <summary>The time a line takes on the wire at the baud rate, spent by the ESP32 writing or reading it.</summary>
        protected void Cross(string line)
        {
            long bits = (line.Length + 2) * 10L;
            Clock.Spend((bits * 1000 + BaudRate - 1) / BaudRate, NodePhase.Uart);
        }

        /// <summary>The device lost what it had not printed yet (power gone); what it printed is in the node's buffer.</summary>
        protected void Forget()
        {
            long now = Clock.ElapsedMs;
            while (_count > 0 && _due[_count - 1] > now)
            {
                _count--;
                _lines[_count] = null!;
            }
        }

        /// <summary>A line printed at once.</summary>
        protected void Reply(string line) => ReplyAfter(0, line);

        /// <summary>A line printed delayMs from now; lines keep the order of their moments, ties the order given.</summary>
        protected void ReplyAfter(long delayMs, string line)
        {
            if (_count == Capacity)
            {
                return;
            }

            long due = Clock.ElapsedMs + delayMs;
            int at = _count;
            while (at > 0 && _due[at - 1] > due)
            {
                _lines[at] = _lines[at - 1];
                _due[at] = _due[at - 1];
                at--;
            }

            _lines[at] = line;
            _due[at] = due;
            _count++;
        }
    }
}

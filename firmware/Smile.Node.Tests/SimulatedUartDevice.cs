using System.Collections;
using Smile.Node;

namespace Smile.Node.Tests
{
    /// <summary>
    /// A device on the far end of a UART: it answers the lines the node writes with lines of its own, and a read
    /// with nothing to say waits out its timeout on the virtual clock, as a silent device would.
    /// </summary>
    public abstract class SimulatedUartDevice : ISerialLine
    {
        private readonly ArrayList _pending = new ArrayList();

        protected SimulatedUartDevice(VirtualClock clock) => Clock = clock;

        protected VirtualClock Clock { get; }

        public abstract void WriteLine(string line);

        public string? ReadLine(int timeoutMs)
        {
            if (_pending.Count == 0)
            {
                Clock.Spend(timeoutMs);
                return null;
            }

            string line = (string)_pending[0]!;
            _pending.RemoveAt(0);
            return line;
        }

        protected void Reply(string line) => _pending.Add(line);
    }
}

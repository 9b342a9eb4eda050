using System.Collections;
using Smile.Node;
using Smile.Simulation.Devices;

namespace Smile.Node.Tests
{
    /// <summary>
    /// The UART between the node and its modem, with noise: it notes each line the node writes and when, and can lose
    /// every line the modem prints after one send command (until the node writes again), as a burst of noise on the
    /// wire would. The modem itself hears the command and goes on as usual.
    /// </summary>
    public sealed class UnreliableLine : ISerialLine
    {
        private readonly ISerialLine _modem;
        private readonly VirtualClock _clock;
        private readonly string _sendCommand;
        private int _sends;
        private bool _deaf;

        /// <param name="modem">the simulated modem.</param>
        /// <param name="clock">the node's clock.</param>
        /// <param name="sendCommand">how the modem's send command starts ("AT+MSGHEX", "AT+SEND=").</param>
        public UnreliableLine(ISerialLine modem, VirtualClock clock, string sendCommand)
        {
            _modem = modem;
            _clock = clock;
            _sendCommand = sendCommand;
        }

        /// <summary>The send command (counted from 1) after which the modem's lines are lost; 0: none.</summary>
        public int LoseAnswersToSend { get; set; }

        /// <summary>The lines the node wrote, and the wake's awake milliseconds as it began each one.</summary>
        public ArrayList Written { get; } = new ArrayList();

        public ArrayList AwakeMsBefore { get; } = new ArrayList();

        public void WriteLine(string line)
        {
            Written.Add(line);
            AwakeMsBefore.Add(_clock.AwakeMs);
            _modem.WriteLine(line);
            _deaf = false;
            if (line.StartsWith(_sendCommand))
            {
                _sends++;
                _deaf = _sends == LoseAnswersToSend;
            }
        }

        /// <summary>Awake milliseconds as the node began the n-th (from 1) line that starts with the text.</summary>
        public long AwakeMsBeforeLine(string start, int n)
        {
            for (int i = 0; i < Written.Count; i++)
            {
                if (((string)Written[i]!).StartsWith(start) && --n == 0)
                {
                    return (long)AwakeMsBefore[i]!;
                }
            }

            return -1;
        }

        public string? ReadLine(int timeoutMs)
        {
            if (!_deaf)
            {
                return _modem.ReadLine(timeoutMs);
            }

            // Lost lines: the node waits out its whole timeout for nothing.
            long until = _clock.AwakeMs + timeoutMs;
            while (true)
            {
                long left = until - _clock.AwakeMs;
                if (left <= 0 || _modem.ReadLine((int)left) == null)
                {
                    return null;
                }
            }
        }
    }
}

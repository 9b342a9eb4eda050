using System.Collections;

namespace Smile.Node.Tests
{
    /// <summary>
    /// A Seeed Wio-E5 on the other end of the UART, answering with the published AT grammar (formats.md §5a):
    /// joins that succeed or fail, busy, duty-cycle waits, length errors at the current data rate, or no answer at
    /// all (a dead modem). Airtime and RX windows advance the virtual clock.
    /// </summary>
    public sealed class SimulatedWioE5 : SimulatedUartDevice
    {
        private bool _joined;

        public SimulatedWioE5(VirtualClock clock)
            : base(clock)
        {
        }

        /// <summary>Joins to fail before one succeeds.</summary>
        public int FailJoins { get; set; }

        /// <summary>Largest payload at the current data rate (51 at DR0 to DR2).</summary>
        public int MaxPayload { get; set; } = 51;

        /// <summary>Answers nothing (powered off, wrong baud rate).</summary>
        public bool Dead { get; set; }

        /// <summary>Prints the spec PDF's variant ("Starting", no "Network joined") instead of the real firmware's.</summary>
        public bool SpecVariant { get; set; }

        public int JoinRequests { get; private set; }

        /// <summary>Payloads sent on air, as hex.</summary>
        public ArrayList Sent { get; } = new ArrayList();

        public override void WriteLine(string line)
        {
            Clock.Spend(5);
            if (Dead)
            {
                return;
            }

            string command = line.ToUpper();
            if (command == "AT+JOIN")
            {
                Join();
            }
            else if (command.StartsWith("AT+PORT="))
            {
                Reply("+PORT: " + line.Substring(8));
            }
            else if (command.StartsWith("AT+MSGHEX=\""))
            {
                Message(line.Substring(11, line.Length - 12));
            }
            else
            {
                Reply("+AT: ERROR(-10)");
            }
        }

        private void Join()
        {
            JoinRequests++;
            if (_joined)
            {
                Reply("+JOIN: Joined already");
                return;
            }

            Clock.Spend(6000);
            Reply(SpecVariant ? "+JOIN: Starting" : "+JOIN: Start");
            Reply("+JOIN: NORMAL");
            if (FailJoins > 0)
            {
                FailJoins--;
                Reply("+JOIN: Join failed");
            }
            else
            {
                _joined = true;
                if (!SpecVariant)
                {
                    Reply("+JOIN: Network joined");
                }

                Reply("+JOIN: NetID 000013 DevAddr 26:01:5F:66");
            }

            Reply("+JOIN: Done");
        }

        private void Message(string hex)
        {
            if (!_joined)
            {
                Reply("+MSGHEX: Please join network first");
                return;
            }

            if (hex.Length / 2 > MaxPayload)
            {
                Reply("+MSGHEX: Length error " + MaxPayload.ToString());
                return;
            }

            Clock.Spend(3000);
            Sent.Add(hex);
            Reply("+MSGHEX: Start");
            Reply("+MSGHEX: RXWIN1, RSSI -97, SNR 7.0");
            Reply("+MSGHEX: Done");
        }
    }
}

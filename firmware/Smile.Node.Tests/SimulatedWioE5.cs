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

        /// <summary>The AppKey the network server holds for this device; empty: it accepts any (the key is not under test).</summary>
        public string NetworkAppKey { get; set; } = "";

        /// <summary>What AT+ID and AT+KEY set, as the modem stores them.</summary>
        public string DevEui { get; private set; } = "";

        public string AppEui { get; private set; } = "";

        public string AppKey { get; private set; } = "";

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
            else if (command == "AT+MODE=LWOTAA")
            {
                Reply("+MODE: LWOTAA");
            }
            else if (command.StartsWith("AT+ID=DEVEUI,\"") || command.StartsWith("AT+ID=APPEUI,\""))
            {
                string value = Quoted(line);
                bool dev = command.StartsWith("AT+ID=DEVEUI");
                if (value.Length != 16)
                {
                    Reply("+ID: ERROR(-1)");
                    return;
                }

                if (dev)
                {
                    DevEui = value;
                }
                else
                {
                    AppEui = value;
                }

                Reply("+ID: " + (dev ? "DevEui, " : "AppEui, ") + Colons(value));
            }
            else if (command.StartsWith("AT+KEY=APPKEY,\""))
            {
                string value = Quoted(line);
                if (value.Length != 32)
                {
                    Reply("+KEY: ERROR(-1)");
                    return;
                }

                AppKey = value;
                Reply("+KEY: APPKEY " + value.ToUpper());
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
            if (FailJoins > 0 || (NetworkAppKey.Length > 0 && NetworkAppKey.ToUpper() != AppKey.ToUpper()))
            {
                // A wrong key: the network server drops the join request (MIC), no join-accept comes.
                FailJoins = FailJoins > 0 ? FailJoins - 1 : 0;
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

        private static string Quoted(string line)
        {
            int start = line.IndexOf('"') + 1;
            int end = line.LastIndexOf('"');
            return end > start ? line.Substring(start, end - start) : "";
        }

        private static string Colons(string hex)
        {
            string text = "";
            for (int i = 0; i < hex.Length; i += 2)
            {
                text += (i > 0 ? ":" : "") + hex.Substring(i, 2).ToUpper();
            }

            return text;
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

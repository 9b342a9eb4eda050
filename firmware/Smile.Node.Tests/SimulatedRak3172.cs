using System.Collections;

namespace Smile.Node.Tests
{
    /// <summary>
    /// A RAK3172 with RUI3 firmware (formats.md §5b): a status line per command, then "+EVT:" events. Can speak the
    /// older space-separated event names, refuse while busy, and refuse payloads too long for the data rate.
    /// </summary>
    public sealed class SimulatedRak3172 : SimulatedUartDevice
    {
        private bool _joined;

        public SimulatedRak3172(VirtualClock clock)
            : base(clock)
        {
        }

        public int FailJoins { get; set; }

        public int MaxPayload { get; set; } = 51;

        public bool Busy { get; set; }

        public bool OldEventNames { get; set; }

        public ArrayList Sent { get; } = new ArrayList();

        /// <summary>The AppKey the network server holds for this device; empty: it accepts any.</summary>
        public string NetworkAppKey { get; set; } = "";

        public string DevEui { get; private set; } = "";

        public string AppKey { get; private set; } = "";

        public override void WriteLine(string line)
        {
            Clock.Spend(2);
            if (Busy)
            {
                Reply("AT_BUSY_ERROR");
                return;
            }

            if (line == "AT+NJM=1" || line.StartsWith("AT+APPEUI="))
            {
                Reply(line.Length == 8 || line.Length == 10 + 16 ? "OK" : "AT_PARAM_ERROR");
            }
            else if (line.StartsWith("AT+DEVEUI="))
            {
                DevEui = line.Substring(10);
                Reply(DevEui.Length == 16 ? "OK" : "AT_PARAM_ERROR");
            }
            else if (line.StartsWith("AT+APPKEY="))
            {
                AppKey = line.Substring(10);
                Reply(AppKey.Length == 32 ? "OK" : "AT_PARAM_ERROR");
            }
            else if (line.StartsWith("AT+JOIN=1"))
            {
                Reply("OK");
                Clock.Spend(6000);
                if (FailJoins > 0 || (NetworkAppKey.Length > 0 && NetworkAppKey.ToUpper() != AppKey.ToUpper()))
                {
                    FailJoins = FailJoins > 0 ? FailJoins - 1 : 0;
                    Reply(OldEventNames ? "+EVT:JOIN FAILED RX TIMEOUT" : "+EVT:JOIN_FAILED_RX_TIMEOUT");
                }
                else
                {
                    _joined = true;
                    Reply("+EVT:JOINED");
                }
            }
            else if (line.StartsWith("AT+SEND="))
            {
                string hex = line.Substring(line.IndexOf(':') + 1);
                if (!_joined)
                {
                    Reply("AT_NO_NETWORK_JOINED");
                }
                else if (hex.Length / 2 > MaxPayload)
                {
                    Reply("AT_PARAM_ERROR");
                }
                else
                {
                    Reply("OK");
                    Clock.Spend(3000);
                    Sent.Add(hex);
                    Reply("+EVT:RX_1:-70:8:UNICAST:2:abcd");
                    Reply(OldEventNames ? "+EVT:TX DONE" : "+EVT:TX_DONE");
                }
            }
            else
            {
                Reply("AT_ERROR");
            }
        }
    }
}

using System.Collections;

namespace Smile.Simulation.Devices
{
    /// <summary>
    /// A RAK3172 with RUI3 firmware (formats.md §5b, corrected by research behaviour-b §j): a status line per
    /// command at once, the outcome later as a "+EVT:" line when the radio got that far. AT+SEND answers OK when
    /// sending starts and AT_BUSY_ERROR while an earlier send or join still has its receive windows ahead (the
    /// message is not queued). No downlink comes unless the test queues one. Can speak the older space-separated
    /// event names, refuse everything as busy, and refuse payloads too long for the data rate.
    ///
    /// Verified in the RUI3 AT Command Manual (RAKWireless/rakwireless-docs, RUI3 Serial-Operating-Modes
    /// AT-Command-Manual, sections AT+SEND, AT+JOIN, AT+RX1DL, AT+JN1DL, AT+CFM): port 1 to 233, 2 to 500 hex
    /// digits, OK / AT_PARAM_ERROR / AT_BUSY_ERROR / AT_NO_NETWORK_JOINED, "OK means that the device has started to
    /// send", RX1 delay 1 s (RX2 = RX1 + 1 s), join accept delays 5 s / 6 s. From formats.md §5b (RUI3
    /// service_lora.c printf formats): +EVT:TX_DONE, SEND_CONFIRMED_OK/FAILED(4), +EVT:RX_1:rssi:snr:UNICAST:port:hex
    /// in lower case, JOIN_FAILED_RX_TIMEOUT. Not verified: AT_PARAM_ERROR for a payload over the data rate's limit,
    /// whether a bare ACK prints an RX event (this one prints none), the order of the RX event and the send's event
    /// (a RUI3 console transcript shows the send's first, the default here), how long an empty window stays open.
    /// </summary>
    public sealed class SimulatedRak3172 : SimulatedUartDevice
    {
        public const int Rx1DelayMs = 1000;
        public const int Rx2DelayMs = 2000;
        public const int JoinRx1DelayMs = 5000;
        public const int JoinRx2DelayMs = 6000;

        // How long a receive window with nothing in it stays open: an estimate, as for the Wio-E5.
        private const int EmptyWindowMs = 300;

        private readonly ArrayList _downlinks = new ArrayList();
        private bool _joined;
        private bool _confirmed;
        private long _busyUntil;

        public SimulatedRak3172(VirtualClock clock)
            : base(clock, 115200)
        {
        }

        public int FailJoins { get; set; }

        public int MaxPayload { get; set; } = 51;

        /// <summary>Spreading factor of uplinks and RX1 (EU868 DR2 = SF10).</summary>
        public int SpreadingFactor { get; set; } = 10;

        /// <summary>Refuses every command with AT_BUSY_ERROR.</summary>
        public bool Busy { get; set; }

        public bool OldEventNames { get; set; }

        /// <summary>Prints a downlink's RX event before the send's event instead of after it.</summary>
        public bool RxBeforeDone { get; set; }

        /// <summary>Prints downlink hex in upper case, as RUI3 example apps do, instead of the stock lower case.</summary>
        public bool UpperCaseHex { get; set; }

        /// <summary>Whether the network acknowledges confirmed uplinks (AT+CFM=1).</summary>
        public bool NetworkAcks { get; set; } = true;

        public int DownlinkRssi { get; set; } = -70;

        public int DownlinkSnr { get; set; } = 8;

        public ArrayList Sent { get; } = new ArrayList();

        /// <summary>The AppKey the network server holds for this device; empty: it accepts any.</summary>
        public string NetworkAppKey { get; set; } = "";

        public string DevEui { get; private set; } = "";

        public string AppKey { get; private set; } = "";

        /// <summary>The network has a downlink (port 1 to 223, hex payload) for the node: it comes in RX1 after the next uplink.</summary>
        public void Downlink(int port, string hex)
        {
            _downlinks.Add(port.ToString() + ":" + hex);
        }

        /// <summary>
        /// AT+LPM=1 was set: RUI3 sleeps by itself whenever it is idle and wakes on UART input. Unverified: the command's
        /// syntax (RUI3 release notes v4.0.0 name an "LPM function"; the manual was not read here) and whether the first
        /// character after sleep is lost (here it is not).
        /// </summary>
        public bool AutoSleep { get; private set; }

        public override void WriteLine(string line)
        {
            Cross(line);
            if (Busy)
            {
                Reply("AT_BUSY_ERROR");
                return;
            }

            if (line == "AT")
            {
                Reply("OK");
            }
            else if (line == "AT+LPM=1")
            {
                AutoSleep = true;
                Reply("OK");
            }
            else if (line == "AT+NJM=1" || line.StartsWith("AT+APPEUI="))
            {
                Reply(line.Length == 8 || line.Length == 10 + 16 ? "OK" : "AT_PARAM_ERROR");
            }
            else if (line == "AT+CFM=0" || line == "AT+CFM=1")
            {
                _confirmed = line == "AT+CFM=1";
                Reply("OK");
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
                Join();
            }
            else if (line.StartsWith("AT+SEND="))
            {
                Send(line.Substring(8));
            }
            else
            {
                Reply("AT_ERROR");
            }
        }

        private void Join()
        {
            // "A second start while joining → AT_BUSY_ERROR" (formats.md §5b).
            if (Clock.ElapsedMs < _busyUntil)
            {
                Reply("AT_BUSY_ERROR");
                return;
            }

            Reply("OK");
            long sent = LoRaAirtime.Ms(SpreadingFactor, LoRaAirtime.JoinRequest, true);
            Clock.Radio(sent, NodePhase.RadioTx);
            long done;
            if (FailJoins > 0 || (NetworkAppKey.Length > 0 && NetworkAppKey.ToUpper() != AppKey.ToUpper()))
            {
                FailJoins = FailJoins > 0 ? FailJoins - 1 : 0;
                done = sent + JoinRx2DelayMs + EmptyWindowMs;
                Clock.Radio(2 * EmptyWindowMs, NodePhase.RadioRx);
                ReplyAfter(done, OldEventNames ? "+EVT:JOIN FAILED RX TIMEOUT" : "+EVT:JOIN_FAILED_RX_TIMEOUT");
            }
            else
            {
                _joined = true;
                long accept = LoRaAirtime.Ms(SpreadingFactor, LoRaAirtime.JoinAccept, false);
                done = sent + JoinRx1DelayMs + accept;
                Clock.Radio(accept, NodePhase.RadioRx);
                ReplyAfter(done, "+EVT:JOINED");
            }

            _busyUntil = Clock.ElapsedMs + done;
        }

        private void Send(string argument)
        {
            int colon = argument.IndexOf(':');
            string hex = colon > 0 ? argument.Substring(colon + 1) : "";
            int port = colon > 0 && colon <= 3 ? Number(argument, colon) : -1;
            if (port < 1 || port > 233 || hex.Length < 2 || hex.Length > 500 || hex.Length % 2 != 0 || !IsHex(hex))
            {
                Reply("AT_PARAM_ERROR");
            }
            else if (!_joined)
            {
                Reply("AT_NO_NETWORK_JOINED");
            }
            else if (Clock.ElapsedMs < _busyUntil)
            {
                Reply("AT_BUSY_ERROR");
            }
            else if (hex.Length / 2 > MaxPayload)
            {
                Reply("AT_PARAM_ERROR");
            }
            else
            {
                Reply("OK");
                Sent.Add(hex);
                Transmit(hex.Length / 2);
            }
        }

        /// <summary>The uplink on air, then RX1 with the queued downlink, or both windows empty.</summary>
        private void Transmit(int bytes)
        {
            long sent = LoRaAirtime.Ms(SpreadingFactor, LoRaAirtime.FrameOverhead + 1 + bytes, true);
            Clock.Radio(sent, NodePhase.RadioTx);
            bool ack = _confirmed && NetworkAcks;
            string end = !_confirmed ? (OldEventNames ? "+EVT:TX DONE" : "+EVT:TX_DONE")
                : ack ? (OldEventNames ? "+EVT:SEND CONFIRMED OK" : "+EVT:SEND_CONFIRMED_OK")
                : (OldEventNames ? "+EVT:SEND CONFIRMED FAILED(4)" : "+EVT:SEND_CONFIRMED_FAILED(4)");
            if (_downlinks.Count == 0)
            {
                long listened = ack ? LoRaAirtime.Ms(SpreadingFactor, LoRaAirtime.FrameOverhead, false) : 2 * EmptyWindowMs;
                Clock.Radio(listened, NodePhase.RadioRx);
                long done = sent + (ack ? Rx1DelayMs + LoRaAirtime.Ms(SpreadingFactor, LoRaAirtime.FrameOverhead, false) : Rx2DelayMs + EmptyWindowMs);
                ReplyAfter(done, end);
                _busyUntil = Clock.ElapsedMs + done;
                return;
            }

            string downlink = (string)_downlinks[0]!;
            _downlinks.RemoveAt(0);
            int colon = downlink.IndexOf(':');
            string payload = downlink.Substring(colon + 1);
            payload = UpperCaseHex ? payload.ToUpper() : payload.ToLower();
            long received = sent + Rx1DelayMs + LoRaAirtime.Ms(SpreadingFactor, LoRaAirtime.FrameOverhead + 1 + payload.Length / 2, false);
            string rx = "+EVT:RX_1:" + DownlinkRssi.ToString() + ":" + DownlinkSnr.ToString() + ":UNICAST:" + downlink.Substring(0, colon) + ":" + payload;
            if (RxBeforeDone)
            {
                ReplyAfter(received, rx);
            }

            ReplyAfter(received, end);
            if (!RxBeforeDone)
            {
                ReplyAfter(received, rx);
            }

            _busyUntil = Clock.ElapsedMs + received;
        }

        private static int Number(string text, int end)
        {
            int value = 0;
            for (int i = 0; i < end; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                {
                    return -1;
                }

                value = value * 10 + (text[i] - '0');
            }

            return value;
        }

        private static bool IsHex(string hex)
        {
            for (int i = 0; i < hex.Length; i++)
            {
                char c = hex[i];
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}

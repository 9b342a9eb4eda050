using System.Collections;

namespace Smile.Simulation.Devices
{
    /// <summary>
    /// A Seeed Wio-E5 on the other end of the UART, answering with the AT grammar real modules print (formats.md §5a,
    /// corrected by research behaviour-b §j): joins that succeed or fail, busy while a transaction runs, length
    /// errors at the current data rate, downlinks when the test queues them, or no answer at all (a dead modem).
    /// Each line is printed when the radio would have got that far: airtime at the spreading factor, then the
    /// receive windows.
    ///
    /// Verified against transcripts (the Seeed "LoRa-E5 AT Command Specification" PDF itself was not available):
    /// Start/Done framing, "Please join network first", "LoRaWAN modem is busy" (KiwiBryn SeeedE5LoRaWANDevice.cs);
    /// the RXWIN line only when a frame was received, after PORT/RX and just before Done (CampusIoT tutorial
    /// wio-lora-e5/AT.md, disk91 disk91_LoRaE5.cpp); Wait ACK / ACK Received for confirmed uplinks (disk91, Seeed
    /// forum 280559); join lines (formats.md §5a, CampusIoT). Not verified: the exact "Length error" text, the
    /// delay from command to Start, how long an empty receive window stays open, confirmed retries (not modelled).
    /// </summary>
    public sealed class SimulatedWioE5 : SimulatedUartDevice
    {
        private const string Msg = "+MSGHEX: ";
        private const string CMsg = "+CMSGHEX: ";

        // disk91's transcript: AT+CMSGHEX at .618, Start and Wait ACK at .721.
        private const int CommandMs = 100;

        // How long a receive window with nothing in it stays open (preamble detection at SF12 in RX2): an estimate.
        private const int EmptyWindowMs = 300;

        private readonly ArrayList _downlinks = new ArrayList();
        private bool _joined;
        private bool _dead;
        private long _busyUntil;

        public SimulatedWioE5(VirtualClock clock)
            : base(clock, 9600)
        {
        }

        /// <summary>Joins to fail before one succeeds.</summary>
        public int FailJoins { get; set; }

        /// <summary>Largest payload at the current data rate (51 at DR0 to DR2).</summary>
        public int MaxPayload { get; set; } = 51;

        /// <summary>Spreading factor of uplinks and RX1 (EU868 DR2 = SF10, one of the 51-byte data rates).</summary>
        public int SpreadingFactor { get; set; } = 10;

        /// <summary>
        /// RX1 delay; RX2 opens a second later. Module defaults: "+DELAY: RX1,1000", "+DELAY: RX2,2000",
        /// "+DELAY: JRX1,5000", "+DELAY: JRX2,6000" (a LoRa-E5 MicroPython driver's comment, research behaviour-b §j,
        /// not the Seeed PDF). A network may set RX1 to 5 s in the join-accept (TTS does).
        /// </summary>
        public int Rx1DelayMs { get; set; } = 1000;

        public const int JoinRx1DelayMs = 5000;

        public const int JoinRx2DelayMs = 6000;

        /// <summary>Answers nothing (powered off, wrong baud rate); what it had not printed yet is lost.</summary>
        public bool Dead
        {
            get => _dead;
            set
            {
                _dead = value;
                if (value)
                {
                    Forget();
                    _busyUntil = 0;
                }
            }
        }

        /// <summary>Prints the spec PDF's variant ("Starting", no "Network joined") instead of the real firmware's.</summary>
        public bool SpecVariant { get; set; }

        /// <summary>Whether the network acknowledges confirmed uplinks (AT+CMSGHEX).</summary>
        public bool NetworkAcks { get; set; } = true;

        /// <summary>RSSI and SNR (tenths of a dB) of received frames.</summary>
        public int DownlinkRssi { get; set; } = -97;

        public int DownlinkSnrTenths { get; set; } = 70;

        public int JoinRequests { get; private set; }

        /// <summary>The AppKey the network server holds for this device; empty: it accepts any (the key is not under test).</summary>
        public string NetworkAppKey { get; set; } = "";

        /// <summary>What AT+ID and AT+KEY set, as the modem stores them.</summary>
        public string DevEui { get; private set; } = "";

        public string AppEui { get; private set; } = "";

        public string AppKey { get; private set; } = "";

        /// <summary>Payloads sent on air, as hex.</summary>
        public ArrayList Sent { get; } = new ArrayList();

        /// <summary>
        /// The network has a downlink for the node: it comes in RX1 after the next uplink. Port 0 with no hex is a
        /// frame without payload (MAC commands, a bare ACK): an RXWIN line but no PORT line.
        /// </summary>
        public void Downlink(int port, string hex)
        {
            _downlinks.Add(port.ToString() + ":" + hex);
        }

        /// <summary>After AT+LOWPOWER: the next line only wakes the modem (see WriteLine).</summary>
        public bool Asleep { get; private set; }

        /// <summary>Times the modem was put to sleep.</summary>
        public int Sleeps { get; private set; }

        /// <summary>The modem restarts (a brown-out, its watchdog): awake, and its LoRaWAN session is gone.</summary>
        public void Restart()
        {
            Forget();
            _busyUntil = 0;
            _joined = false;
            Asleep = false;
        }

        public override void WriteLine(string line)
        {
            Cross(line);
            if (Dead)
            {
                return;
            }

            string command = line.ToUpper();
            if (Asleep)
            {
                // A sleeping E5 wakes on the line and answers it with the wake notice instead of running it
                // (devMobile, "Seeed LoRa-E5 Wakeup", firmware 4.0.11 transcript: AT+DR after AT+LOWPOWER got
                // "+LOWPOWER: WAKEUP"); the command has to be sent again.
                Asleep = false;
                Reply("+LOWPOWER: WAKEUP");
                return;
            }

            if (command == "AT")
            {
                Reply("+AT: OK");
            }
            else if (command == "AT+LOWPOWER")
            {
                // Sleeps until a character arrives on the UART (same transcript: "+LOWPOWER: SLEEP"); refused as
                // busy while a transaction still has its receive windows ahead (an assumption: not in a transcript).
                if (Clock.ElapsedMs < _busyUntil)
                {
                    Reply("+LOWPOWER: LoRaWAN modem is busy");
                    return;
                }

                Reply("+LOWPOWER: SLEEP");
                Asleep = true;
                Sleeps++;
            }
            else if (command == "AT+JOIN")
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
                Message(line.Substring(11, line.Length - 12), false);
            }
            else if (command.StartsWith("AT+CMSGHEX=\""))
            {
                Message(line.Substring(12, line.Length - 13), true);
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

            if (Clock.ElapsedMs < _busyUntil)
            {
                Reply("+JOIN: LoRaWAN modem is busy");
                return;
            }

            ReplyAfter(CommandMs, SpecVariant ? "+JOIN: Starting" : "+JOIN: Start");
            ReplyAfter(CommandMs, "+JOIN: NORMAL");
            long airtime = LoRaAirtime.Ms(SpreadingFactor, LoRaAirtime.JoinRequest, true);
            long sent = CommandMs + airtime;
            Clock.Radio(airtime, NodePhase.RadioTx);
            long done;
            if (FailJoins > 0 || (NetworkAppKey.Length > 0 && NetworkAppKey.ToUpper() != AppKey.ToUpper()))
            {
                // A wrong key: the network server drops the join request (MIC), no join-accept comes in either window.
                FailJoins = FailJoins > 0 ? FailJoins - 1 : 0;
                done = sent + JoinRx2DelayMs + EmptyWindowMs;
                Clock.Radio(2 * EmptyWindowMs, NodePhase.RadioRx);
                ReplyAfter(done, "+JOIN: Join failed");
            }
            else
            {
                _joined = true;
                long accept = LoRaAirtime.Ms(SpreadingFactor, LoRaAirtime.JoinAccept, false);
                done = sent + JoinRx1DelayMs + accept;
                Clock.Radio(accept, NodePhase.RadioRx);
                if (!SpecVariant)
                {
                    ReplyAfter(done, "+JOIN: Network joined");
                }

                ReplyAfter(done, "+JOIN: NetID 000013 DevAddr 26:01:5F:66");
            }

            ReplyAfter(done, "+JOIN: Done");
            _busyUntil = Clock.ElapsedMs + done;
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

        private void Message(string hex, bool confirmed)
        {
            if (!_joined)
            {
                Reply(confirmed ? CMsg + "Please join network first" : Msg + "Please join network first");
                return;
            }

            if (Clock.ElapsedMs < _busyUntil)
            {
                Reply(confirmed ? CMsg + "LoRaWAN modem is busy" : Msg + "LoRaWAN modem is busy");
                return;
            }

            if (hex.Length / 2 > MaxPayload)
            {
                Reply((confirmed ? CMsg : Msg) + "Length error " + MaxPayload.ToString());
                return;
            }

            Sent.Add(hex);
            ReplyAfter(CommandMs, confirmed ? CMsg + "Start" : Msg + "Start");
            if (confirmed)
            {
                ReplyAfter(CommandMs, CMsg + "Wait ACK");
            }

            long airtime = LoRaAirtime.Ms(SpreadingFactor, LoRaAirtime.FrameOverhead + 1 + hex.Length / 2, true);
            long sent = CommandMs + airtime;
            Clock.Radio(airtime, NodePhase.RadioTx);
            long done;
            string? downlink = _downlinks.Count > 0 ? (string)_downlinks[0]! : null;
            bool ack = confirmed && NetworkAcks;
            if (downlink != null || ack)
            {
                // A frame in RX1: the lines come when it has been received; RX2 is not opened.
                int colon = downlink == null ? 0 : downlink.IndexOf(':');
                string payload = downlink == null ? "" : downlink.Substring(colon + 1).ToUpper();
                string port = downlink == null ? "0" : downlink.Substring(0, colon);
                int bytes = LoRaAirtime.FrameOverhead + (payload.Length > 0 ? 1 + payload.Length / 2 : 0);
                long received = LoRaAirtime.Ms(SpreadingFactor, bytes, false);
                done = sent + Rx1DelayMs + received;
                Clock.Radio(received, NodePhase.RadioRx);
                if (downlink != null)
                {
                    _downlinks.RemoveAt(0);
                }

                string prefix = confirmed ? CMsg : Msg;
                if (_downlinks.Count > 0)
                {
                    ReplyAfter(done, prefix + "FPENDING");
                }

                if (ack)
                {
                    ReplyAfter(done, CMsg + "ACK Received");
                }

                if (payload.Length > 0)
                {
                    ReplyAfter(done, prefix + "PORT: " + port + "; RX: \"" + payload + "\"");
                }

                ReplyAfter(done, prefix + "RXWIN1, RSSI " + DownlinkRssi.ToString() + ", SNR " + Tenths(DownlinkSnrTenths));
            }
            else
            {
                // Nothing received: RX1 and RX2 pass empty, and Done follows with no RXWIN line.
                done = sent + Rx1DelayMs + 1000 + EmptyWindowMs;
                Clock.Radio(2 * EmptyWindowMs, NodePhase.RadioRx);
            }

            ReplyAfter(done, confirmed ? CMsg + "Done" : Msg + "Done");
            _busyUntil = Clock.ElapsedMs + done;
        }

        /// <summary>"7.0", "-16.5": the E5 prints SNR with one decimal.</summary>
        private static string Tenths(int tenths)
        {
            int whole = tenths / 10;
            int part = tenths % 10;
            string sign = tenths < 0 && whole == 0 ? "-" : "";
            return sign + whole.ToString() + "." + (part < 0 ? -part : part).ToString();
        }
    }
}

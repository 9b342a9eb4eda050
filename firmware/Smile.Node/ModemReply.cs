namespace Smile.Node
{
    /// <summary>What an AT modem answered to a join or a send. Reused from call to call: the cycle allocates nothing.</summary>
    public sealed class ModemReply
    {
        public const int Ok = 0;
        public const int Joined = 1;
        public const int JoinFailed = 2;
        public const int Busy = 3;
        public const int NotJoined = 4;
        public const int LengthError = 5;
        public const int DutyCycle = 6;
        public const int NoChannel = 7;
        public const int Timeout = 8;
        public const int Error = 9;

        /// <summary>The largest LoRaWAN application payload in EU868 (DR4 to DR7, formats.md §4): a downlink fits.</summary>
        public const int MaxDownlink = 242;

        public int Status { get; private set; }

        /// <summary>With <see cref="LengthError"/>: the largest payload the modem accepts now, or -1 when it did not say.</summary>
        public int MaxPayload { get; private set; }

        /// <summary>With <see cref="DutyCycle"/>: how long the modem asks to wait, or -1 when it did not say.</summary>
        public long WaitMs { get; private set; }

        /// <summary>Signal of the last downlink window, when the modem reported one.</summary>
        public bool HasSignal { get; private set; }

        public int RssiDbm { get; private set; }

        public double SnrDb { get; private set; }

        /// <summary>
        /// Whether a downlink with a payload came in the send's receive windows (its port and bytes below). Only a
        /// received frame gives a signal too; an uplink without downlink leaves both unknown.
        /// </summary>
        public bool HasDownlink { get; private set; }

        public int DownlinkPort { get; private set; }

        /// <summary>The downlink's bytes, the first <see cref="DownlinkLength"/> of them; allocated once.</summary>
        public byte[] Downlink { get; } = new byte[MaxDownlink];

        public int DownlinkLength { get; private set; }

        /// <summary>
        /// The modem started the uplink (the E5's Start, the RAK's OK): it is on air even if the wait for the end of
        /// its receive windows ran out.
        /// </summary>
        public bool OnAir { get; private set; }

        /// <summary>
        /// The send command crossed the UART: from here on, only a definite refusal from the modem says the frame did
        /// not leave; silence (a timeout, a lost line) leaves it unknown.
        /// </summary>
        public bool Written { get; private set; }

        /// <summary>The line that decided the status, for the log.</summary>
        public string Line { get; private set; } = "";

        public void Reset()
        {
            Status = Timeout;
            MaxPayload = -1;
            WaitMs = -1;
            HasSignal = false;
            HasDownlink = false;
            DownlinkLength = 0;
            OnAir = false;
            Written = false;
            Line = "";
        }

        public void Set(int status, string line)
        {
            Status = status;
            Line = line;
        }

        public void SetOnAir() => OnAir = true;

        public void SetWritten() => Written = true;

        public void SetMaxPayload(int max) => MaxPayload = max;

        public void SetWait(long ms) => WaitMs = ms;

        /// <summary>The downlink printed in the line as hex from index start (either case; spaces, as older firmware prints them, skipped).</summary>
        public void SetDownlink(int port, string line, int start)
        {
            HasDownlink = true;
            DownlinkPort = port;
            DownlinkLength = AtText.ParseHex(line, start, Downlink);
        }

        public void SetSignal(int rssi, double snr)
        {
            HasSignal = true;
            RssiDbm = rssi;
            SnrDb = snr;
        }
    }
}

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

        public int Status { get; private set; }

        /// <summary>With <see cref="LengthError"/>: the largest payload the modem accepts now, or -1 when it did not say.</summary>
        public int MaxPayload { get; private set; }

        /// <summary>With <see cref="DutyCycle"/>: how long the modem asks to wait, or -1 when it did not say.</summary>
        public long WaitMs { get; private set; }

        /// <summary>Signal of the last downlink window, when the modem reported one.</summary>
        public bool HasSignal { get; private set; }

        public int RssiDbm { get; private set; }

        public double SnrDb { get; private set; }

        /// <summary>The line that decided the status, for the log.</summary>
        public string Line { get; private set; } = "";

        public void Reset()
        {
            Status = Timeout;
            MaxPayload = -1;
            WaitMs = -1;
            HasSignal = false;
            Line = "";
        }

        public void Set(int status, string line)
        {
            Status = status;
            Line = line;
        }

        public void SetMaxPayload(int max) => MaxPayload = max;

        public void SetWait(long ms) => WaitMs = ms;

        public void SetSignal(int rssi, double snr)
        {
            HasSignal = true;
            RssiDbm = rssi;
            SnrDb = snr;
        }
    }
}

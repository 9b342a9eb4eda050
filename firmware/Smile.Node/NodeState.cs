namespace Smile.Node
{
    /// <summary>
    /// What the node carries from wake to wake and across resets, in 52 bytes of flash: frame counter, boot counter,
    /// drop count, the LoRaWAN join state and back-off, presence between wakes, wakes that failed, and when the next
    /// regular cycle is due. A 48-byte file of the firmware before reads as such, with the newer fields at zero.
    /// </summary>
    public sealed class NodeState
    {
        public const string StorageName = "state.bin";
        private const int Size = 52;
        private const int SizeBeforeNextCycle = 48;
        private const int Magic = 0x534D4C31; // "SML1"
        private readonly byte[] _bytes = new byte[Size];

        public int Sequence { get; set; }

        public int Boot { get; set; }

        public int DroppedSamples { get; set; }

        public int Cycles { get; set; }

        public bool Joined { get; set; }

        public int JoinAttempts { get; set; }

        public long NextJoinSeconds { get; set; }

        public long JoinDay { get; set; }

        public int JoinsToday { get; set; }

        public long LastSendSeconds { get; set; }

        public bool LastPresence { get; set; }

        public long LastMotionSeconds { get; set; } = -1_000_000;

        /// <summary>Motion events counted by PIR wakes since the last sample.</summary>
        public int PendingMotion { get; set; }

        /// <summary>
        /// Faults the node caught and slept through (at most 65535): a wake that ended in an exception, or a sensor or
        /// the radar that threw while sampling.
        /// </summary>
        public int Faults { get; set; }

        /// <summary>A fault the next status frame has not reported yet.</summary>
        public bool FailureToReport { get; set; }

        /// <summary>A status frame already said "exception" for the faults still going on: more wait for the regular status.</summary>
        public bool FaultReported { get; set; }

        /// <summary>The PIR's output as the node last saw it; the chip is armed to wake on the other level.</summary>
        public bool PirHigh { get; set; }

        /// <summary>RTC seconds at which the next regular cycle is due (a PIR wake in between sleeps until then).</summary>
        public long NextCycleSeconds { get; set; }

        /// <summary>Loads the state; a node with none (first start) begins at zeros.</summary>
        public static NodeState Load(IStorage storage)
        {
            var state = new NodeState();
            state.Reload(storage);
            return state;
        }

        /// <summary>Reads the stored state into this object (no allocation: a node that never sleeps calls it every cycle).</summary>
        public void Reload(IStorage storage)
        {
            NodeState state = this;
            state.Sequence = 0;
            state.Boot = 0;
            state.DroppedSamples = 0;
            state.Cycles = 0;
            state.Joined = false;
            state.LastPresence = false;
            state.JoinAttempts = 0;
            state.NextJoinSeconds = 0;
            state.JoinsToday = 0;
            state.JoinDay = 0;
            state.LastSendSeconds = 0;
            state.LastMotionSeconds = -1_000_000;
            state.PendingMotion = 0;
            state.Faults = 0;
            state.FailureToReport = false;
            state.FaultReported = false;
            state.PirHigh = false;
            state.NextCycleSeconds = 0;
            byte[] data = _bytes;
            int length = storage.Read(StorageName, data);
            if (length < SizeBeforeNextCycle || ReadInt(data, 0) != Magic)
            {
                return;
            }

            state.Sequence = ReadInt(data, 4);
            state.Boot = ReadInt(data, 8);
            state.DroppedSamples = ReadInt(data, 12);
            state.Cycles = ReadInt(data, 16);
            int flags = ReadInt(data, 20);
            state.Joined = (flags & 1) != 0;
            state.LastPresence = (flags & 2) != 0;
            state.FailureToReport = (flags & 4) != 0;
            state.FaultReported = (flags & 8) != 0;
            state.PirHigh = (flags & 16) != 0;
            state.Faults = (flags >> 8) & 0xFFFF;
            state.JoinAttempts = ReadInt(data, 24);
            state.NextJoinSeconds = ReadInt(data, 28);
            state.JoinsToday = data[32] | data[33] << 8;
            state.JoinDay = data[34] | data[35] << 8;
            state.LastSendSeconds = ReadInt(data, 36);
            state.LastMotionSeconds = ReadInt(data, 40);
            state.PendingMotion = ReadInt(data, 44);
            state.NextCycleSeconds = length >= Size ? ReadInt(data, 48) : 0;
        }

        public void Save(IStorage storage)
        {
            WriteInt(_bytes, 0, Magic);
            WriteInt(_bytes, 4, Sequence);
            WriteInt(_bytes, 8, Boot);
            WriteInt(_bytes, 12, DroppedSamples);
            WriteInt(_bytes, 16, Cycles);
            WriteInt(_bytes, 20, (Joined ? 1 : 0) | (LastPresence ? 2 : 0) | (FailureToReport ? 4 : 0) | (FaultReported ? 8 : 0) | (PirHigh ? 16 : 0) | (Faults & 0xFFFF) << 8);
            WriteInt(_bytes, 24, JoinAttempts);
            WriteInt(_bytes, 28, (int)NextJoinSeconds);
            _bytes[32] = (byte)JoinsToday;
            _bytes[33] = (byte)(JoinsToday >> 8);
            _bytes[34] = (byte)JoinDay;
            _bytes[35] = (byte)(JoinDay >> 8);
            WriteInt(_bytes, 36, (int)LastSendSeconds);
            WriteInt(_bytes, 40, (int)LastMotionSeconds);
            WriteInt(_bytes, 44, PendingMotion);
            WriteInt(_bytes, 48, (int)NextCycleSeconds);
            storage.Write(StorageName, _bytes, Size);
        }

        public static int ReadInt(byte[] data, int at) => data[at] | data[at + 1] << 8 | data[at + 2] << 16 | data[at + 3] << 24;

        public static void WriteInt(byte[] data, int at, int value)
        {
            data[at] = (byte)value;
            data[at + 1] = (byte)(value >> 8);
            data[at + 2] = (byte)(value >> 16);
            data[at + 3] = (byte)(value >> 24);
        }
    }
}

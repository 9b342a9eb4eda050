namespace Smile.Node
{
    /// <summary>
    /// What the node carries from wake to wake and across resets, in 52 bytes of flash (the first section of
    /// <see cref="NodeStore"/>): frame counter, boot counter, drop count, the LoRaWAN join state and back-off, presence
    /// between wakes, wakes that failed, and when the next regular cycle is due. 48 bytes of the firmware before read
    /// as such, with the newer fields at zero.
    /// </summary>
    public sealed class NodeState
    {
        /// <summary>The file the state had to itself before <see cref="NodeStore"/>: read once when a node is upgraded.</summary>
        public const string LegacyName = "state.bin";

        public const int Size = 52;
        private const int SizeBeforeNextCycle = 48;
        private const int Magic = 0x534D4C31; // "SML1"

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

        /// <summary>Loads the state alone; a node with none (first start) begins at zeros.</summary>
        public static NodeState Load(IStorage storage) => NodeStore.LoadState(storage);

        /// <summary>
        /// Reads the state from data[at..at+length) into this object; fewer than 48 bytes or another magic (nothing
        /// stored, or damaged) leave it at zeros. No allocation: a node that never sleeps calls it every cycle.
        /// </summary>
        public void Read(byte[] data, int at, int length)
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
            if (length < SizeBeforeNextCycle || ReadInt(data, at) != Magic)
            {
                return;
            }

            state.Sequence = ReadInt(data, at + 4);
            state.Boot = ReadInt(data, at + 8);
            state.DroppedSamples = ReadInt(data, at + 12);
            state.Cycles = ReadInt(data, at + 16);
            int flags = ReadInt(data, at + 20);
            state.Joined = (flags & 1) != 0;
            state.LastPresence = (flags & 2) != 0;
            state.FailureToReport = (flags & 4) != 0;
            state.FaultReported = (flags & 8) != 0;
            state.PirHigh = (flags & 16) != 0;
            state.Faults = (flags >> 8) & 0xFFFF;
            state.JoinAttempts = ReadInt(data, at + 24);
            state.NextJoinSeconds = ReadInt(data, at + 28);
            state.JoinsToday = data[at + 32] | data[at + 33] << 8;
            state.JoinDay = data[at + 34] | data[at + 35] << 8;
            state.LastSendSeconds = ReadInt(data, at + 36);
            state.LastMotionSeconds = ReadInt(data, at + 40);
            state.PendingMotion = ReadInt(data, at + 44);
            state.NextCycleSeconds = length >= Size ? ReadInt(data, at + 48) : 0;
        }

        /// <summary>Writes the state into data[at..at+<see cref="Size"/>).</summary>
        public void Write(byte[] data, int at)
        {
            WriteInt(data, at, Magic);
            WriteInt(data, at + 4, Sequence);
            WriteInt(data, at + 8, Boot);
            WriteInt(data, at + 12, DroppedSamples);
            WriteInt(data, at + 16, Cycles);
            WriteInt(data, at + 20, (Joined ? 1 : 0) | (LastPresence ? 2 : 0) | (FailureToReport ? 4 : 0) | (FaultReported ? 8 : 0) | (PirHigh ? 16 : 0) | (Faults & 0xFFFF) << 8);
            WriteInt(data, at + 24, JoinAttempts);
            WriteInt(data, at + 28, (int)NextJoinSeconds);
            data[at + 32] = (byte)JoinsToday;
            data[at + 33] = (byte)(JoinsToday >> 8);
            data[at + 34] = (byte)JoinDay;
            data[at + 35] = (byte)(JoinDay >> 8);
            WriteInt(data, at + 36, (int)LastSendSeconds);
            WriteInt(data, at + 40, (int)LastMotionSeconds);
            WriteInt(data, at + 44, PendingMotion);
            WriteInt(data, at + 48, (int)NextCycleSeconds);
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

using Smile.Frames;

namespace Smile.Node
{
    /// <summary>
    /// Frames that may have reached the gateway but are not known to have, oldest first, each covering the next run
    /// of samples from the buffer's start: Wi-Fi frames until an acknowledgement names them, LoRaWAN frames whose send
    /// ended unsure until a resend goes through. A frame is sent again with its own sequence number and its own
    /// samples, so the gateway drops the repeat instead of forwarding a duplicate. Kept on flash beside the buffer
    /// (<see cref="NodeStore"/>): a count, then four bytes a frame.
    /// </summary>
    public sealed class PendingFrames
    {
        /// <summary>The file the list had to itself before <see cref="NodeStore"/>: read once when a node is upgraded.</summary>
        public const string LegacyName = "pending.bin";

        public const int Capacity = 16;

        /// <summary>The most bytes the list takes on flash.</summary>
        public const int ImageSize = 1 + Capacity * 4;

        private readonly int[] _sequence = new int[Capacity];
        private readonly int[] _boot = new int[Capacity];
        private readonly int[] _samples = new int[Capacity];

        public int Count { get; private set; }

        public bool Full => Count == Capacity;

        public int Sequence(int index) => _sequence[index];

        public int Boot(int index) => _boot[index];

        public int Samples(int index) => _samples[index];

        public void Add(int sequence, int boot, int samples)
        {
            _sequence[Count] = sequence;
            _boot[Count] = boot;
            _samples[Count] = samples;
            Count++;
        }

        public void RemoveFirst()
        {
            for (int i = 1; i < Count; i++)
            {
                _sequence[i - 1] = _sequence[i];
                _boot[i - 1] = _boot[i];
                _samples[i - 1] = _samples[i];
            }

            Count--;
        }

        /// <summary>The buffer dropped its oldest sample: it belonged to the oldest pending frame.</summary>
        public void OldestSampleDropped()
        {
            if (Count > 0 && --_samples[0] == 0)
            {
                RemoveFirst();
            }
        }

        /// <summary>Whether the acknowledgement (docs/frame-format-v1.md §12) names the oldest pending frame.</summary>
        public bool OldestAcknowledgedBy(byte[] ack) => Count > 0 && NodeAck.Names(ack, _sequence[0], _boot[0]);

        /// <summary>Writes the list into data from at; returns the bytes written.</summary>
        public int Write(byte[] data, int at)
        {
            data[at] = (byte)Count;
            for (int i = 0; i < Count; i++)
            {
                data[at + 1 + 4 * i] = (byte)(_sequence[i] >> 4);
                data[at + 2 + 4 * i] = (byte)((_sequence[i] & 0xF) << 4 | _boot[i]);
                data[at + 3 + 4 * i] = (byte)(_samples[i] >> 8);
                data[at + 4 + 4 * i] = (byte)_samples[i];
            }

            return 1 + Count * 4;
        }

        /// <summary>Reads the list from data[at..at+length); nothing stored, or a count it cannot hold, reads as empty.</summary>
        public void Read(byte[] data, int at, int length)
        {
            Count = 0;
            if (length < 1)
            {
                return;
            }

            int count = data[at] <= Capacity && 1 + data[at] * 4 <= length ? data[at] : 0;
            for (int i = 0; i < count; i++)
            {
                int frame = at + 1 + 4 * i;
                Add(data[frame] << 4 | data[frame + 1] >> 4, data[frame + 1] & 0xF, data[frame + 2] << 8 | data[frame + 3]);
            }
        }

        /// <summary>Forgets every frame: the samples they named are gone.</summary>
        public void Clear() => Count = 0;
    }
}

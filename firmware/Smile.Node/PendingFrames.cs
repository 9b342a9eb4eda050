using Smile.Frames;

namespace Smile.Node
{
    /// <summary>
    /// Frames that may have reached the gateway but are not known to have, oldest first, each covering the next run
    /// of samples from the buffer's start: Wi-Fi frames until an acknowledgement names them, LoRaWAN frames whose send
    /// ended unsure until a resend goes through. A frame is sent again with its own sequence number and its own
    /// samples, so the gateway drops the repeat instead of forwarding a duplicate. Kept on flash beside the buffer.
    /// </summary>
    public sealed class PendingFrames
    {
        public const string StorageName = "pending.bin";
        public const int Capacity = 16;
        private readonly int[] _sequence = new int[Capacity];
        private readonly int[] _boot = new int[Capacity];
        private readonly int[] _samples = new int[Capacity];
        private readonly byte[] _image = new byte[1 + Capacity * 4];

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

        public void Save(IStorage storage)
        {
            _image[0] = (byte)Count;
            for (int i = 0; i < Count; i++)
            {
                _image[1 + 4 * i] = (byte)(_sequence[i] >> 4);
                _image[2 + 4 * i] = (byte)((_sequence[i] & 0xF) << 4 | _boot[i]);
                _image[3 + 4 * i] = (byte)(_samples[i] >> 8);
                _image[4 + 4 * i] = (byte)_samples[i];
            }

            storage.Write(StorageName, _image, 1 + Count * 4);
        }

        public void Load(IStorage storage)
        {
            Count = 0;
            if (storage.Read(StorageName, _image) < 1)
            {
                return;
            }

            int count = _image[0] <= Capacity ? _image[0] : 0;
            for (int i = 0; i < count; i++)
            {
                Add(_image[1 + 4 * i] << 4 | _image[2 + 4 * i] >> 4, _image[2 + 4 * i] & 0xF, _image[3 + 4 * i] << 8 | _image[4 + 4 * i]);
            }
        }
    }
}

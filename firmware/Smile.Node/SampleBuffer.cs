using Smile.Frames;

namespace Smile.Node
{
    /// <summary>
    /// Samples not yet delivered, oldest first, in a fixed ring of preallocated samples: adding never allocates, and
    /// when the ring is full the oldest sample makes room and is counted as dropped. The samples are written to flash
    /// as a count and fixed-size records, in <see cref="NodeStore"/> when the cycle ends (LittleFS spreads the writes).
    /// </summary>
    public sealed class SampleBuffer
    {
        /// <summary>The file the samples had to themselves before <see cref="NodeStore"/>: read once when a node is upgraded.</summary>
        public const string LegacyName = "samples.bin";

        // time (8), field mask (2), ten raw values (2 each; the widest field is 14 bits).
        private const int RecordSize = 8 + 2 + 2 * Fields.Count;
        private readonly Sample[] _ring;
        private int _head;
        private int _count;

        public SampleBuffer(int capacity)
        {
            _ring = new Sample[capacity];
            for (int i = 0; i < capacity; i++)
            {
                _ring[i] = new Sample();
            }
        }

        /// <summary>The most bytes a buffer of this capacity takes on flash.</summary>
        public static int ImageSize(int capacity) => 4 + capacity * RecordSize;

        public int Count => _count;

        public int Capacity => _ring.Length;

        /// <summary>The i-th oldest sample (0 = oldest).</summary>
        public Sample this[int index] => _ring[(_head + index) % _ring.Length];

        /// <summary>
        /// The slot for a new sample, emptied: fill it in place. When the ring is full the oldest sample is dropped
        /// for it, and the return value says so.
        /// </summary>
        public bool Append(out Sample slot)
        {
            bool dropped = _count == _ring.Length;
            if (dropped)
            {
                _head = (_head + 1) % _ring.Length;
                _count--;
            }

            slot = _ring[(_head + _count) % _ring.Length];
            slot.Clear();
            _count++;
            return dropped;
        }

        /// <summary>Forgets the oldest samples: they were delivered.</summary>
        public void RemoveOldest(int count)
        {
            if (count > _count)
            {
                count = _count;
            }

            _head = (_head + count) % _ring.Length;
            _count -= count;
        }

        /// <summary>Copies references to the samples, oldest first, into the array (no allocation).</summary>
        public int CopyTo(Sample[] target)
        {
            int n = _count < target.Length ? _count : target.Length;
            for (int i = 0; i < n; i++)
            {
                target[i] = this[i];
            }

            return n;
        }

        /// <summary>Moves every sample's time by the step the clock made (SNTP setting the RTC).</summary>
        public void ShiftTimes(long step)
        {
            for (int i = 0; i < _count; i++)
            {
                this[i].Time += step;
            }
        }

        /// <summary>Writes the samples, oldest first, into data from at; returns the bytes written.</summary>
        public int Write(byte[] data, int at)
        {
            NodeState.WriteInt(data, at, _count);
            for (int i = 0; i < _count; i++)
            {
                Sample s = this[i];
                int record = at + 4 + i * RecordSize;
                NodeState.WriteInt(data, record, (int)s.Time);
                NodeState.WriteInt(data, record + 4, (int)(s.Time >> 32));
                data[record + 8] = (byte)s.FieldMask;
                data[record + 9] = (byte)(s.FieldMask >> 8);
                for (int f = 0; f < Fields.Count; f++)
                {
                    int raw = s.Has(f) ? s.Get(f) : 0;
                    data[record + 10 + 2 * f] = (byte)raw;
                    data[record + 11 + 2 * f] = (byte)(raw >> 8);
                }
            }

            return 4 + _count * RecordSize;
        }

        /// <summary>
        /// Restores the ring from data[at..at+length) after a wake or reset, emptying it first; records beyond the
        /// capacity (a smaller config) are dropped, oldest first, and their number returned.
        /// </summary>
        public int Read(byte[] data, int at, int length)
        {
            Clear();
            if (length < 4)
            {
                return 0;
            }

            int stored = NodeState.ReadInt(data, at);
            int lost = 0;
            for (int i = 0; i < stored && 4 + (i + 1) * RecordSize <= length; i++)
            {
                int record = at + 4 + i * RecordSize;
                Sample slot;
                if (Append(out slot))
                {
                    lost++;
                }

                slot.Time = (long)(uint)NodeState.ReadInt(data, record) | (long)NodeState.ReadInt(data, record + 4) << 32;
                int mask = data[record + 8] | data[record + 9] << 8;
                for (int f = 0; f < Fields.Count; f++)
                {
                    if ((mask & (1 << f)) != 0)
                    {
                        slot.Set(f, data[record + 10 + 2 * f] | data[record + 11 + 2 * f] << 8);
                    }
                }
            }

            return lost;
        }

        /// <summary>Forgets every sample without counting it dropped (what was stored is damaged).</summary>
        public void Clear()
        {
            _head = 0;
            _count = 0;
        }
    }
}

namespace Smile.Frames
{
    /// <summary>
    /// One set of readings taken at one moment. Values are raw codes (see <see cref="Fields"/>), so a sample is
    /// exactly what the wire carries. Reusable: <see cref="Clear"/> empties it without allocating.
    /// </summary>
    public sealed class Sample
    {
        private readonly int[] _raw = new int[Fields.Count];

        /// <summary>
        /// When the sample was taken, in seconds. For a node: its own clock (uptime or, when synced, Unix time).
        /// For a decoded frame whose clock is not synced: seconds relative to the transmission (so 0 or negative,
        /// -age); when synced: Unix time.
        /// </summary>
        public long Time { get; set; }

        /// <summary>Bit i set when field i carries a reading.</summary>
        public int FieldMask { get; private set; }

        public bool Has(int field) => (FieldMask & (1 << field)) != 0;

        public int Get(int field) => _raw[field];

        public void Set(int field, int raw)
        {
            _raw[field] = raw;
            FieldMask |= 1 << field;
        }

        /// <summary>Stores the raw code nearest to a physical value; false (and nothing stored) when out of range.</summary>
        public bool SetValue(int field, double value)
        {
            int raw;
            if (!Fields.TryQuantize(field, value, out raw))
            {
                return false;
            }

            Set(field, raw);
            return true;
        }

        public double GetValue(int field) => Fields.ToValue(field, _raw[field]);

        public void Remove(int field)
        {
            _raw[field] = 0;
            FieldMask &= ~(1 << field);
        }

        public void Clear()
        {
            for (int i = 0; i < _raw.Length; i++)
            {
                _raw[i] = 0;
            }

            FieldMask = 0;
            Time = 0;
        }

    }
}

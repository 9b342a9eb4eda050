namespace Smile.Frames
{
    /// <summary>
    /// Writes bits most-significant first into a caller-owned byte array. With no array it only counts, so the
    /// encoder can measure a frame with the same code that writes it. Never throws: running past the capacity sets
    /// <see cref="Overflow"/> and stops writing.
    /// </summary>
    public sealed class BitWriter
    {
        private byte[]? _buffer;
        private int _offset;
        private int _capacityBits;
        private int _position;

        /// <summary>Starts writing at <paramref name="offset"/>; a null buffer means counting only.</summary>
        public void Reset(byte[]? buffer, int offset, int maxBytes)
        {
            _buffer = buffer;
            _offset = offset;
            _capacityBits = buffer == null ? int.MaxValue : maxBytes * 8;
            _position = 0;
            Overflow = false;
        }

        public int BitPosition => _position;

        public int ByteLength => (_position + 7) / 8;

        public bool Overflow { get; private set; }

        /// <summary>Writes the low <paramref name="count"/> bits of <paramref name="value"/> (count 0 to 32).</summary>
        public void WriteBits(uint value, int count)
        {
            if (_position + count > _capacityBits || _position + count < 0)
            {
                Overflow = true;
                _position = _capacityBits;
                return;
            }

            if (_buffer == null)
            {
                _position += count;
                return;
            }

            for (int i = count - 1; i >= 0; i--)
            {
                int index = _offset + (_position >> 3);
                int shift = 7 - (_position & 7);
                if (shift == 7)
                {
                    _buffer[index] = 0;
                }

                if (((value >> i) & 1) != 0)
                {
                    _buffer[index] |= (byte)(1 << shift);
                }

                _position++;
            }
        }

        public void WriteBit(bool bit) => WriteBits(bit ? 1u : 0u, 1);

        /// <summary>Unsigned Exp-Golomb code of order k (value 0 to int.MaxValue).</summary>
        public void WriteUe(long value, int k)
        {
            ulong w = (ulong)value + (1UL << k);
            int length = BitLength(w);
            WriteBits(0, length - k - 1);
            if (length > 32)
            {
                WriteBits((uint)(w >> 32), length - 32);
                WriteBits((uint)w, 32);
            }
            else
            {
                WriteBits((uint)w, length);
            }
        }

        /// <summary>Signed Exp-Golomb code of order k: v &gt; 0 maps to 2v-1, v &lt;= 0 to -2v.</summary>
        public void WriteSe(long value, int k) => WriteUe(value > 0 ? 2 * value - 1 : -2 * value, k);

        /// <summary>Pads with zero bits up to the next byte boundary.</summary>
        public void AlignToByte()
        {
            int rest = _position & 7;
            if (rest != 0)
            {
                WriteBits(0, 8 - rest);
            }
        }

        /// <summary>Bits the unsigned Exp-Golomb code of order k takes for value.</summary>
        public static int UeLength(long value, int k)
        {
            return 2 * BitLength((ulong)value + (1UL << k)) - k - 1;
        }

        private static int BitLength(ulong w)
        {
            int n = 0;
            while (w != 0)
            {
                n++;
                w >>= 1;
            }

            return n;
        }
    }
}

namespace Smile.Frames
{
    /// <summary>
    /// Reads bits most-significant first from a byte range. Never throws: the first problem is kept in
    /// <see cref="Error"/> with the byte where the failing item starts, and later reads return 0.
    /// </summary>
    public sealed class BitReader
    {
        /// <summary>Largest value an Exp-Golomb code may carry in this format.</summary>
        public const long MaxCodeValue = int.MaxValue;

        private byte[] _data = new byte[0];
        private int _offset;
        private int _endBit;
        private int _position;

        public void Reset(byte[] data, int offset, int length)
        {
            _data = data;
            _offset = offset;
            _endBit = length * 8;
            _position = 0;
            Error = FrameErrorCode.None;
            ErrorByte = 0;
            ErrorMessage = "";
        }

        public int BitPosition => _position;

        public int BytePosition => _position >> 3;

        public int RemainingBits => _endBit - _position;

        public bool Failed => Error != FrameErrorCode.None;

        public FrameErrorCode Error { get; private set; }

        public int ErrorByte { get; private set; }

        public string ErrorMessage { get; private set; } = "";

        /// <summary>Keeps the first error only; the byte is where the item that failed starts.</summary>
        public void Fail(FrameErrorCode code, int bitPosition, string message)
        {
            if (Failed)
            {
                return;
            }

            Error = code;
            ErrorByte = bitPosition >> 3;
            ErrorMessage = message;
        }

        /// <summary>Reads <paramref name="count"/> bits (0 to 32) as an unsigned number.</summary>
        public uint ReadBits(int count, string what)
        {
            if (Failed)
            {
                return 0;
            }

            if (count > _endBit - _position)
            {
                Fail(FrameErrorCode.Truncated, _position, "frame ends inside " + what);
                return 0;
            }

            uint value = 0;
            for (int i = 0; i < count; i++)
            {
                int b = _data[_offset + (_position >> 3)];
                value = (value << 1) | (uint)((b >> (7 - (_position & 7))) & 1);
                _position++;
            }

            return value;
        }

        public bool ReadBit(string what) => ReadBits(1, what) != 0;

        /// <summary>Unsigned Exp-Golomb code of order k.</summary>
        public long ReadUe(int k, string what)
        {
            if (Failed)
            {
                return 0;
            }

            int start = _position;
            int zeros = 0;
            while (true)
            {
                if (_position >= _endBit)
                {
                    Fail(FrameErrorCode.Truncated, start, "frame ends inside " + what);
                    return 0;
                }

                if (ReadBits(1, what) != 0)
                {
                    break;
                }

                zeros++;
                if (zeros > 31)
                {
                    Fail(FrameErrorCode.MalformedCode, start, what + " has an Exp-Golomb prefix longer than 31 zero bits");
                    return 0;
                }
            }

            // The leading 1 was consumed: read the remaining zeros + k bits of w.
            int rest = zeros + k;
            ulong w = 1;
            if (rest > 32)
            {
                w = (w << (rest - 32)) | ReadBits(rest - 32, what);
                rest = 32;
            }

            w = (w << rest) | ReadBits(rest, what);
            long value = (long)(w - (1UL << k));
            if (value > MaxCodeValue)
            {
                Fail(FrameErrorCode.MalformedCode, start, what + " is larger than " + MaxCodeValue.ToString());
                return 0;
            }

            return value;
        }

        /// <summary>Signed Exp-Golomb code of order k: odd codes are positive, even codes zero or negative.</summary>
        public long ReadSe(int k, string what)
        {
            long c = ReadUe(k, what);
            return (c & 1) != 0 ? (c + 1) / 2 : -(c / 2);
        }
    }
}

using System;

namespace Smile.Node
{
    /// <summary>Small text helpers for modem replies (nanoFramework's string lacks several .NET conveniences).</summary>
    public static class AtText
    {
        private const string HexDigits = "0123456789ABCDEF";

        /// <summary>Case-insensitive "contains", as modem firmware versions differ in case and spacing.</summary>
        public static bool Has(string line, string part) => IndexOf(line, part) >= 0;

        /// <summary>Whether the line, without surrounding blanks, is the word (any case).</summary>
        public static bool Is(string line, string word)
        {
            int start = 0;
            int end = line.Length;
            while (start < end && line[start] == ' ')
            {
                start++;
            }

            while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\r'))
            {
                end--;
            }

            return end - start == word.Length && IndexOf(line, word) == start;
        }

        /// <summary>Case-insensitive IndexOf without allocating (ASCII, which is what modems print).</summary>
        public static int IndexOf(string text, string part)
        {
            for (int i = 0; i + part.Length <= text.Length; i++)
            {
                int j = 0;
                while (j < part.Length && Upper(text[i + j]) == Upper(part[j]))
                {
                    j++;
                }

                if (j == part.Length)
                {
                    return i;
                }
            }

            return -1;
        }

        private static char Upper(char c) => c >= 'a' && c <= 'z' ? (char)(c - 32) : c;

        /// <summary>The first (optionally negative) whole number after the marker, or the fallback.</summary>
        public static long NumberAfter(string line, string marker, long fallback)
        {
            int at = IndexOf(line, marker);
            if (at < 0)
            {
                return fallback;
            }

            return NumberAt(line, at + marker.Length, fallback);
        }

        /// <summary>The first (optionally negative) whole number from index i on, after blanks, ':' or '='; or the fallback.</summary>
        public static long NumberAt(string line, int i, long fallback)
        {
            while (i < line.Length && (line[i] == ' ' || line[i] == ':' || line[i] == '='))
            {
                i++;
            }

            bool negative = i < line.Length && line[i] == '-';
            if (negative)
            {
                i++;
            }

            long value = 0;
            int digits = 0;
            while (i < line.Length && line[i] >= '0' && line[i] <= '9')
            {
                value = value * 10 + (line[i] - '0');
                i++;
                digits++;
            }

            return digits == 0 ? fallback : negative ? -value : value;
        }

        /// <summary>The moment (monotonic milliseconds) a wait of timeoutMs from now ends.</summary>
        public static long Deadline(int timeoutMs) => Environment.TickCount64 + timeoutMs;

        /// <summary>The next line before the deadline, or null: every wait for a modem ends.</summary>
        public static string? Next(ISerialLine line, long deadline)
        {
            long left = deadline - Environment.TickCount64;
            return left <= 0 ? null : line.ReadLine((int)left);
        }

        /// <summary>
        /// Bytes of the hex digits from index start into the buffer, until a character that is neither a hex digit
        /// nor a blank (a closing quote, the line end); modems print lower or upper case. Returns the byte count.
        /// </summary>
        public static int ParseHex(string line, int start, byte[] into)
        {
            int count = 0;
            int high = -1;
            for (int i = start; i < line.Length && count < into.Length; i++)
            {
                int digit = Digit(line[i]);
                if (digit < 0)
                {
                    if (line[i] == ' ')
                    {
                        continue;
                    }

                    break;
                }

                if (high < 0)
                {
                    high = digit;
                }
                else
                {
                    into[count++] = (byte)(high << 4 | digit);
                    high = -1;
                }
            }

            return count;
        }

        private static int Digit(char c) =>
            c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

        /// <summary>Upper-case hex of data[offset..offset+length).</summary>
        public static string Hex(byte[] data, int offset, int length)
        {
            var chars = new char[length * 2];
            for (int i = 0; i < length; i++)
            {
                chars[2 * i] = HexDigits[data[offset + i] >> 4];
                chars[2 * i + 1] = HexDigits[data[offset + i] & 0xF];
            }

            return new string(chars);
        }
    }
}

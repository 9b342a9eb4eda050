using System;

namespace Smile.Gateway.Sinks
{
    /// <summary>
    /// The platform's time text: UTC to the millisecond, 2026-12-01T08:20:00.123Z, written as UTF-8 digit by digit. The
    /// renderer writes two a message, and DateTime's custom format ("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", which this matches
    /// for every time it can show) took about 3 % of the gateway's CPU unpaced. Unix milliseconds outside the years
    /// 0001–9999 throw ArgumentOutOfRangeException, as DateTimeOffset.FromUnixTimeMilliseconds does.
    /// </summary>
    internal static class IsoTime
    {
        public const int Length = 24;

        /// <summary>Writes the time into the first <see cref="Length"/> bytes of utf8.</summary>
        public static void Write(long unixMs, Span<byte> utf8)
        {
            DateTime time = DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime;
            time.Deconstruct(out int year, out int month, out int day);
            TimeSpan ofDay = time.TimeOfDay;
            Digits(utf8, 0, year, 4);
            utf8[4] = (byte)'-';
            Digits(utf8, 5, month, 2);
            utf8[7] = (byte)'-';
            Digits(utf8, 8, day, 2);
            utf8[10] = (byte)'T';
            Digits(utf8, 11, ofDay.Hours, 2);
            utf8[13] = (byte)':';
            Digits(utf8, 14, ofDay.Minutes, 2);
            utf8[16] = (byte)':';
            Digits(utf8, 17, ofDay.Seconds, 2);
            utf8[19] = (byte)'.';
            Digits(utf8, 20, ofDay.Milliseconds, 3);
            utf8[23] = (byte)'Z';
        }

        /// <summary>The same as a string, for the messages built as JSON nodes.</summary>
        public static string Text(long unixMs)
        {
            Span<byte> utf8 = stackalloc byte[Length];
            Write(unixMs, utf8);
            return System.Text.Encoding.ASCII.GetString(utf8);
        }

        private static void Digits(Span<byte> utf8, int at, int value, int count)
        {
            for (int i = at + count - 1; i >= at; i--)
            {
                utf8[i] = (byte)('0' + value % 10);
                value /= 10;
            }
        }
    }
}

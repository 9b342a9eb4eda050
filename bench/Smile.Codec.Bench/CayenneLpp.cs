using System;

namespace Smile.Codec.Bench
{
    /// <summary>
    /// Cayenne LPP (myDevices' Low Power Payload) for the same readings, written for the comparison: per reading a
    /// channel byte, a type byte and a big-endian value. Temperature type 103 (0.1 °C, signed 16 bit), humidity 104
    /// (0.5 %, 8 bit), barometer 115 (0.1 hPa, 16 bit), presence 102 (8 bit), digital input 0 for the motion count,
    /// analog input 2 for the battery (0.01 V, signed 16 bit). LPP has no time stamps and no sequence number.
    /// </summary>
    public static class CayenneLpp
    {
        public const int StandardSize = 4 + 3 + 4 + 3 + 3 + 4;

        public static int Encode(Span<byte> buffer, double temperature, double humidity, double pressure, bool presence, int motions, double battery, int channelBase)
        {
            int at = 0;
            at = Put16(buffer, at, channelBase + 1, 103, (int)Math.Round(temperature * 10));
            at = Put8(buffer, at, channelBase + 2, 104, (int)Math.Round(humidity * 2));
            at = Put16(buffer, at, channelBase + 3, 115, (int)Math.Round(pressure * 10));
            at = Put8(buffer, at, channelBase + 4, 102, presence ? 1 : 0);
            at = Put8(buffer, at, channelBase + 5, 0, motions);
            return Put16(buffer, at, channelBase + 6, 2, (int)Math.Round(battery * 100));
        }

        /// <summary>Decodes every reading; returns how many it read (the values are summed so the work is not optimized away).</summary>
        public static int Decode(ReadOnlySpan<byte> payload, out double checksum)
        {
            checksum = 0;
            int readings = 0;
            for (int at = 0; at + 2 <= payload.Length; readings++)
            {
                byte type = payload[at + 1];
                at += 2;
                switch (type)
                {
                    case 103: checksum += (short)(payload[at] << 8 | payload[at + 1]) / 10.0; at += 2; break;
                    case 104: checksum += payload[at] / 2.0; at += 1; break;
                    case 115: checksum += (payload[at] << 8 | payload[at + 1]) / 10.0; at += 2; break;
                    case 2: checksum += (short)(payload[at] << 8 | payload[at + 1]) / 100.0; at += 2; break;
                    case 102:
                    case 0: checksum += payload[at]; at += 1; break;
                    default: throw new FormatException("LPP type " + type + " is not known");
                }
            }

            return readings;
        }

        private static int Put16(Span<byte> b, int at, int channel, int type, int value)
        {
            b[at] = (byte)channel;
            b[at + 1] = (byte)type;
            b[at + 2] = (byte)(value >> 8);
            b[at + 3] = (byte)value;
            return at + 4;
        }

        private static int Put8(Span<byte> b, int at, int channel, int type, int value)
        {
            b[at] = (byte)channel;
            b[at + 1] = (byte)type;
            b[at + 2] = (byte)value;
            return at + 3;
        }
    }
}

using System;
using System.Security.Cryptography;

namespace Smile.Nodectl.Provision
{
    /// <summary>Fresh credentials from the system's cryptographic random source.</summary>
    public static class Secrets
    {
        private const string PasswordAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

        /// <summary>24 characters from an alphabet without look-alikes (0/O, 1/l/I): about 140 bits.</summary>
        public static string Password() => RandomNumberGenerator.GetString(PasswordAlphabet, 24);

        /// <summary>A LoRaWAN AppKey: 16 random bytes as 32 upper-case hex digits.</summary>
        public static string AppKey() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

        /// <summary>
        /// A DevEUI for a modem without its own label: 8 random bytes with the locally-administered bit set and the
        /// group bit clear (IEEE EUI-64), so it cannot clash with a manufacturer-assigned EUI.
        /// </summary>
        public static string DevEui()
        {
            byte[] eui = RandomNumberGenerator.GetBytes(8);
            eui[0] = (byte)((eui[0] | 0x02) & 0xFE);
            return Convert.ToHexString(eui);
        }
    }
}

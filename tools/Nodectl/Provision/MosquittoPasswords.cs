using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace Smile.Nodectl.Provision
{
    /// <summary>
    /// mosquitto's password file (mosquitto 2.0, as mosquitto_passwd writes it): "user:$7$iterations$salt$hash" with
    /// PBKDF2-HMAC-SHA512, 101 iterations, a 12-byte salt and a 64-byte hash, both base64. A line whose hash still
    /// matches its password is kept as it is, so a re-run rewrites the same file.
    /// </summary>
    public static class MosquittoPasswords
    {
        private const int Iterations = 101;

        public static string Line(string user, string password, string? existingLine)
        {
            if (existingLine != null && Verify(existingLine, password))
            {
                return existingLine;
            }

            byte[] salt = RandomNumberGenerator.GetBytes(12);
            return user + ":$7$" + Iterations + "$" + Convert.ToBase64String(salt) + "$" + Convert.ToBase64String(Hash(password, salt, Iterations));
        }

        public static bool Verify(string line, string password)
        {
            string[] parts = line.Substring(line.IndexOf(':') + 1).Split('$');
            if (parts.Length != 5 || parts[1] != "7" || !int.TryParse(parts[2], out int iterations))
            {
                return false;
            }

            try
            {
                byte[] expected = Convert.FromBase64String(parts[4]);
                return CryptographicOperations.FixedTimeEquals(expected, Hash(password, Convert.FromBase64String(parts[3]), iterations));
            }
            catch (FormatException)
            {
                return false;
            }
        }

        /// <summary>The lines of an existing file by user.</summary>
        public static Dictionary<string, string> Read(string path)
        {
            var lines = new Dictionary<string, string>();
            if (File.Exists(path))
            {
                foreach (string line in File.ReadAllLines(path))
                {
                    int colon = line.IndexOf(':');
                    if (colon > 0)
                    {
                        lines[line.Substring(0, colon)] = line;
                    }
                }
            }

            return lines;
        }

        private static byte[] Hash(string password, byte[] salt, int iterations) =>
            Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, 64);
    }
}

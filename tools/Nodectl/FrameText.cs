using System;

namespace Smile.Nodectl
{
    /// <summary>Frames as people paste them: hex (spaces, colons and a 0x prefix allowed) or base64.</summary>
    public static class FrameText
    {
        public static bool TryParse(string text, out byte[] bytes, out string problem)
        {
            string trimmed = text.Trim();
            string hex = trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? trimmed.Substring(2) : trimmed;
            hex = hex.Replace(" ", "").Replace(":", "").Replace("-", "");
            if (hex.Length % 2 == 0 && IsHex(hex))
            {
                bytes = Convert.FromHexString(hex);
                problem = "";
                return true;
            }

            try
            {
                bytes = Convert.FromBase64String(trimmed);
                problem = "";
                return true;
            }
            catch (FormatException)
            {
                bytes = Array.Empty<byte>();
                problem = "'" + Shorten(trimmed) + "' is neither hex nor base64";
                return false;
            }
        }

        private static bool IsHex(string text)
        {
            foreach (char c in text)
            {
                if (!Uri.IsHexDigit(c))
                {
                    return false;
                }
            }

            return true;
        }

        private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 37) + "...";
    }
}

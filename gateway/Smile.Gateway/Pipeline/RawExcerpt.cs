using System;
using System.Security.Cryptography;

namespace Smile.Gateway.Pipeline
{
    /// <summary>
    /// What a dead letter keeps of an input it could not use: the first <see cref="MaxBytes"/> bytes, enough to see
    /// what it was, and the SHA-256 of the whole, to match it with a copy elsewhere. A node cannot make the gateway
    /// store or forward its 64 KiB of garbage, and a dead letter always fits one MQTT packet upstream.
    /// </summary>
    public readonly record struct RawExcerpt(byte[] Kept, int Length, string Sha256)
    {
        public const int MaxBytes = 4096;

        public bool Truncated => Kept.Length < Length;

        public static RawExcerpt Of(byte[] raw)
        {
            byte[] kept = raw.Length <= MaxBytes ? raw : raw.AsSpan(0, MaxBytes).ToArray();
            return new RawExcerpt(kept, raw.Length, Convert.ToHexStringLower(SHA256.HashData(raw)));
        }
    }
}

using System;
using System.Text.Json;
using Smile.Gateway.Buffer;

namespace Smile.Gateway.Pipeline
{
    /// <summary>The dead letter that takes the place of an outbox row the forwarder cannot deliver.</summary>
    public static class DeadLetters
    {
        /// <summary>The platform broker closed the connection on this row again and again (the MQTT client gave its publish up).</summary>
        public const string RefusedByPlatform = "refused_by_platform";

        /// <summary>Rendering or publishing the row failed (a damaged row, a message over the MQTT client's packet limit).</summary>
        public const string Unforwardable = "unforwardable";

        public static StoredMessage From(StoredMessage row, string reason, string detail)
        {
            string source = "unknown";
            try
            {
                source = MessageMeta.Parse(row.Meta).Source is { Length: > 0 } s ? s : source;
            }
            catch (JsonException)
            {
                // A damaged row: its source is unknown, its bytes go along.
            }

            RawExcerpt raw = RawExcerpt.Of(row.Frame);
            var meta = new MessageMeta { Source = source, Reason = reason, Message = detail };
            if (raw.Truncated)
            {
                (meta.RawLength, meta.RawSha256) = (raw.Length, raw.Sha256);
            }

            return new StoredMessage(0, MessageKind.DeadLetter, row.Node, row.ReceivedMs, meta.ToJson(), raw.Kept);
        }

        public static string Describe(Exception e) => e.GetType().FullName + ": " + e.Message;
    }
}

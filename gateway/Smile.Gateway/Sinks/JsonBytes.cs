using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Smile.Gateway.Sinks
{
    /// <summary>
    /// A JSON tree as the UTF-8 bytes of a message payload: compact, the serializer's default escaping, byte for byte
    /// what JsonSerializer.SerializeToUtf8Bytes writes, without the serializer's reflection (the gateway is compiled
    /// ahead of time, where reflection-based serialization is unavailable).
    /// </summary>
    public static class JsonBytes
    {
        public static byte[] Of(JsonNode node)
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                node.WriteTo(writer);
            }

            return buffer.WrittenSpan.ToArray();
        }
    }
}

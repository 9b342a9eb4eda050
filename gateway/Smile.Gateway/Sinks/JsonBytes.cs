using System;
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
        // One buffer and writer per thread (the forwarder renders on one): per message only the returned array is new.
        [ThreadStatic]
        private static ArrayBufferWriter<byte>? _buffer;

        [ThreadStatic]
        private static Utf8JsonWriter? _writer;

        public static byte[] Of(JsonNode node)
        {
            ArrayBufferWriter<byte> buffer = _buffer ??= new ArrayBufferWriter<byte>(1024);
            buffer.ResetWrittenCount();
            Utf8JsonWriter writer = _writer ??= new Utf8JsonWriter(buffer);
            writer.Reset(buffer);
            node.WriteTo(writer);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
    }
}

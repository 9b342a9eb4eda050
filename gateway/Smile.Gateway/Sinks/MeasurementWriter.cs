using System;
using System.Buffers;
using System.Text.Json;

namespace Smile.Gateway.Sinks
{
    /// <summary>
    /// A JSON writer and its buffer kept per thread and reused for every message: rendering then allocates only the
    /// payload's own array (the MQTT client keeps the payload until the PUBACK, so it cannot share the buffer).
    /// </summary>
    internal static class MeasurementWriter
    {
        [ThreadStatic] private static ArrayBufferWriter<byte>? _buffer;
        [ThreadStatic] private static Utf8JsonWriter? _writer;

        public static Utf8JsonWriter Start()
        {
            _buffer ??= new ArrayBufferWriter<byte>(1024);
            _buffer.ResetWrittenCount();
            if (_writer == null)
            {
                _writer = new Utf8JsonWriter(_buffer);
            }
            else
            {
                _writer.Reset(_buffer);
            }

            return _writer;
        }

        public static byte[] Finish(Utf8JsonWriter writer)
        {
            writer.Flush();
            return _buffer!.WrittenSpan.ToArray();
        }
    }
}

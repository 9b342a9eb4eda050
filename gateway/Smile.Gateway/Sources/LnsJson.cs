using System;
using System.Text.Json;

namespace Smile.Gateway.Sources
{
    /// <summary>Tolerant reads of network-server JSON: missing fields are defaults, wrong types are errors with their path.</summary>
    internal static class LnsJson
    {
        /// <summary>
        /// Parses a network server's JSON object and hands its root to read; malformed JSON, a non-object or a field of
        /// the wrong type becomes a "malformed_json" rejection that names the path.
        /// </summary>
        public static object Parse(UplinkSource source, string topic, byte[] payload, long receivedMs, Func<JsonElement, object> read)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(payload);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException("the message is not a JSON object");
                }

                return read(document.RootElement);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                return new SourceRejection(source, topic, null, payload, receivedMs, "malformed_json", e.Message);
            }
        }

        public static JsonElement? Find(JsonElement element, params string[] path)
        {
            JsonElement current = element;
            foreach (string name in path)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                {
                    return null;
                }
            }

            return current.ValueKind == JsonValueKind.Null ? null : current;
        }

        public static string? String(JsonElement element, params string[] path)
        {
            JsonElement? found = Find(element, path);
            if (found == null)
            {
                return null;
            }

            if (found.Value.ValueKind != JsonValueKind.String)
            {
                throw new FormatException("$." + string.Join('.', path) + " is not a string");
            }

            return found.Value.GetString();
        }

        /// <summary>A number, also when written as a string (protobuf JSON writes 64-bit integers as strings).</summary>
        public static long? Integer(JsonElement element, params string[] path)
        {
            JsonElement? found = Find(element, path);
            if (found == null)
            {
                return null;
            }

            if (found.Value.ValueKind == JsonValueKind.Number && found.Value.TryGetInt64(out long n))
            {
                return n;
            }

            if (found.Value.ValueKind == JsonValueKind.String && long.TryParse(found.Value.GetString(), out n))
            {
                return n;
            }

            throw new FormatException("$." + string.Join('.', path) + " is not an integer");
        }

        public static double? Number(JsonElement element, params string[] path)
        {
            JsonElement? found = Find(element, path);
            if (found == null)
            {
                return null;
            }

            if (found.Value.ValueKind == JsonValueKind.Number)
            {
                return found.Value.GetDouble();
            }

            throw new FormatException("$." + string.Join('.', path) + " is not a number");
        }

        public static byte[] Base64(JsonElement element, params string[] path)
        {
            string? text = String(element, path);
            if (text == null)
            {
                throw new FormatException("$." + string.Join('.', path) + " is missing: no payload");
            }

            try
            {
                return Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                throw new FormatException("$." + string.Join('.', path) + " is not base64");
            }
        }

        /// <summary>The receiving gateway with the strongest signal, from an rx metadata array.</summary>
        public static (int? Rssi, double? Snr, string? Gateway) BestReception(JsonElement? receptions, Func<JsonElement, string?> gatewayId)
        {
            if (receptions is not { ValueKind: JsonValueKind.Array } array)
            {
                return (null, null, null);
            }

            (int? Rssi, double? Snr, string? Gateway) best = (null, null, null);
            foreach (JsonElement rx in array.EnumerateArray())
            {
                long? rssi = Integer(rx, "rssi");
                if (rssi != null && (best.Rssi == null || rssi > best.Rssi))
                {
                    best = ((int)rssi, Number(rx, "snr"), gatewayId(rx));
                }
            }

            return best;
        }
    }
}

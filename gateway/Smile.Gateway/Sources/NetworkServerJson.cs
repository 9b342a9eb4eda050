using System;
using System.Text.Json;

namespace Smile.Gateway.Sources
{
    /// <summary>
    /// Tolerant reads of network-server JSON: missing fields are defaults, wrong types are errors with their path, and a
    /// number must be finite (1e400 parses as Infinity, which no renderer can write back out).
    /// </summary>
    internal static class NetworkServerJson
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
            catch (NetworkServerRejectedException e)
            {
                return new SourceRejection(source, topic, e.NodeId, payload, receivedMs, e.Reason, e.Message);
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

        public static double? Number(JsonElement element, params string[] path) => NumberAt(element, "$", path);

        /// <summary>A finite number; at is the JSON path of element (e.g. "$.rxInfo[1]"), for the error.</summary>
        public static double? NumberAt(JsonElement element, string at, params string[] path)
        {
            JsonElement? found = Find(element, path);
            if (found == null)
            {
                return null;
            }

            string where = at + "." + string.Join('.', path);
            if (found.Value.ValueKind != JsonValueKind.Number)
            {
                throw new FormatException(where + " is not a number");
            }

            if (!found.Value.TryGetDouble(out double value) || !double.IsFinite(value))
            {
                throw new NetworkServerRejectedException("non_finite_number", where + " is not a finite number (" + found.Value.GetRawText() + ")");
            }

            return value;
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

        /// <summary>
        /// The receiving gateway with the strongest signal, from the rx metadata array at path. Every reception's SNR is
        /// checked, not only the best one's: a non-finite number anywhere makes the message untrustworthy.
        /// </summary>
        public static (int? Rssi, double? Snr, string? Gateway) BestReception(JsonElement root, string[] path, Func<JsonElement, string?> gatewayId)
        {
            if (Find(root, path) is not { ValueKind: JsonValueKind.Array } array)
            {
                return (null, null, null);
            }

            (int? Rssi, double? Snr, string? Gateway) best = (null, null, null);
            int index = 0;
            foreach (JsonElement rx in array.EnumerateArray())
            {
                long? rssi = Integer(rx, "rssi");
                double? snr = NumberAt(rx, "$." + string.Join('.', path) + "[" + index++ + "]", "snr");
                if (rssi != null && (best.Rssi == null || rssi > best.Rssi))
                {
                    best = ((int)rssi, snr, gatewayId(rx));
                }
            }

            return best;
        }
    }

    /// <summary>A well-formed message the gateway must not take: a reason code for the quarantine and what was wrong, where.</summary>
    internal sealed class NetworkServerRejectedException : Exception
    {
        public NetworkServerRejectedException(string reason, string message, string? nodeId = null)
            : base(message)
        {
            Reason = reason;
            NodeId = nodeId;
        }

        public string Reason { get; }

        /// <summary>The node the topic names, when it names a valid one: the quarantine is counted for it.</summary>
        public string? NodeId { get; }
    }
}

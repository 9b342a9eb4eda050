using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Smile.Gateway.Configuration;

namespace Smile.Gateway.Sources
{
    /// <summary>One line of a Storage Integration answer: a stored uplink (its MQTT-shaped JSON and topic) or why the line is unusable.</summary>
    public sealed record TtsStoredLine(int Line, string? Topic, byte[] Raw, DateTimeOffset? ReceivedAt, string? Reason, string? Message)
    {
        public bool Ok => Reason == null;
    }

    /// <summary>The Storage Integration refused or failed a request; the message never holds the API key.</summary>
    public sealed class TtsStorageException : Exception
    {
        public TtsStorageException(string message) : base(message)
        {
        }
    }

    /// <summary>
    /// HTTP and parsing of The Things Stack's Storage Integration API. Source: The Things Stack documentation,
    /// "Storage Integration → Retrieve Messages" (thethingsindustries.com/docs/integrations/storage/retrieve/) and the
    /// API reference "Storage Integration" (docs/api/reference/grpc/storage_integration/):
    /// <c>GET {base}/api/v3/as/applications/{application_id}/packages/storage/uplink_message?limit=…&amp;after=…</c> with
    /// <c>Authorization: Bearer {API key}</c> (right RIGHT_APPLICATION_TRAFFIC_READ) and <c>Accept: text/event-stream</c>;
    /// the answer is newline-delimited JSON, one <c>{"result": {…}}</c> per uplink, the result being the same message
    /// TTS's MQTT server publishes on v3/{application}/devices/{device}/up (end_device_ids, correlation_ids,
    /// received_at, uplink_message). Also documented there: the fields before, order and continuation_token.
    /// Not verified against a real server: whether "after" is exclusive (an uplink at exactly that instant may come
    /// again: the de-duplication drops it), that "order=received_at" gives oldest first (each page is also sorted
    /// here), and whether a server sends SSE framing ("data: " prefixes, blank lines, ":" comments): tolerated.
    /// </summary>
    public sealed class TtsStorageClient : IDisposable
    {
        /// <summary>A longer line is quarantined, not read into memory whole.</summary>
        public const int MaxLineBytes = 256 * 1024;

        private readonly HttpClient _http;
        private readonly TtsStorageSettings _settings;
        private readonly string _apiKey;

        public TtsStorageClient(TtsStorageSettings settings, string apiKey, HttpMessageHandler? handler = null)
        {
            _settings = settings;
            _apiKey = apiKey;
            _http = handler == null ? new HttpClient() : new HttpClient(handler);
            _http.Timeout = Timeout.InfiniteTimeSpan; // each request has its own deadline, reading included
        }

        /// <summary>The request URL of one page (no secret in it: the key goes in the Authorization header).</summary>
        public Uri PageUri(DateTimeOffset after, int limit) => new Uri(_settings.BaseUrl.TrimEnd('/') + "/api/v3/as/applications/"
            + Uri.EscapeDataString(_settings.ApplicationId) + "/packages/storage/uplink_message?order=received_at&limit="
            + limit.ToString(CultureInfo.InvariantCulture) + "&after=" + Uri.EscapeDataString(after.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)));

        /// <summary>One page of stored uplinks received after the instant, oldest first; throws <see cref="TtsStorageException"/> on any failure of the request.</summary>
        public async Task<List<TtsStoredLine>> FetchAsync(DateTimeOffset after, int limit, CancellationToken cancel)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            deadline.CancelAfter(TimeSpan.FromSeconds(_settings.RequestTimeoutSeconds));
            using var request = new HttpRequestMessage(HttpMethod.Get, PageUri(after, limit));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            try
            {
                using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                if (!response.IsSuccessStatusCode)
                {
                    throw new TtsStorageException("the Storage Integration answered " + (int)response.StatusCode + " " + response.ReasonPhrase
                        + ((int)response.StatusCode is 401 or 403 ? " (is the API key valid, with the right to read application traffic?)" : ""));
                }

                await using Stream body = await response.Content.ReadAsStreamAsync(deadline.Token);
                var lines = new List<TtsStoredLine>();
                int number = 0;
                await foreach (byte[] line in ReadLinesAsync(body, deadline.Token))
                {
                    number++;
                    TtsStoredLine? parsed = ParseLine(number, line);
                    if (parsed != null)
                    {
                        lines.Add(parsed);
                    }
                }

                // Stable: unusable lines (no time) first, then the uplinks oldest first.
                return SortOldestFirst(lines);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                throw new TtsStorageException("the Storage Integration did not answer within " + _settings.RequestTimeoutSeconds + " s");
            }
            catch (HttpRequestException e)
            {
                throw new TtsStorageException("the Storage Integration could not be reached: " + e.Message);
            }
            catch (IOException e)
            {
                throw new TtsStorageException("reading the Storage Integration's answer failed: " + e.Message);
            }
        }

        /// <summary>
        /// One line: null when it carries nothing (blank, an SSE comment or field other than data); an uplink when it is
        /// {"result": {…}} with the device id; otherwise a line with the reason it cannot be used. {"error": …} (a
        /// failure reported inside the stream) throws: the page is incomplete.
        /// </summary>
        public TtsStoredLine? ParseLine(int number, byte[] line)
        {
            ReadOnlySpan<byte> text = Trim(line);
            if (text.Length == 0 || text[0] == (byte)':')
            {
                return null;
            }

            if (text.StartsWith("data:"u8))
            {
                text = Trim(text.Slice(5).ToArray());
            }
            else if (text.StartsWith("event:"u8) || text.StartsWith("id:"u8) || text.StartsWith("retry:"u8))
            {
                return null;
            }

            byte[] raw = text.ToArray();
            if (line.Length > MaxLineBytes)
            {
                return Bad(number, raw, "oversize", "line " + number + " is longer than " + MaxLineBytes + " bytes");
            }

            try
            {
                using JsonDocument document = JsonDocument.Parse(raw);
                JsonElement root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out JsonElement error))
                {
                    throw new TtsStorageException("the Storage Integration reported an error in its answer: " + Shorten(error.GetRawText()));
                }

                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("result", out JsonElement result) || result.ValueKind != JsonValueKind.Object)
                {
                    return Bad(number, raw, "storage_malformed", "line " + number + " is not {\"result\": {…}}");
                }

                string? device = NetworkServerJson.String(result, "end_device_ids", "device_id");
                string? application = NetworkServerJson.String(result, "end_device_ids", "application_ids", "application_id");
                byte[] message = Encoding.UTF8.GetBytes(result.GetRawText());
                if (string.IsNullOrEmpty(device) || device.Contains('/') || device.Contains('+') || device.Contains('#'))
                {
                    return Bad(number, message, "storage_malformed", "line " + number + ": $.result.end_device_ids.device_id is missing or not a device id");
                }

                if (application != null && application != _settings.ApplicationId)
                {
                    return Bad(number, message, "storage_malformed", "line " + number + ": application '" + application + "' is not the one asked for");
                }

                string? at = NetworkServerJson.String(result, "received_at");
                if (at == null || !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset receivedAt))
                {
                    return Bad(number, message, "storage_malformed", "line " + number + ": $.result.received_at is missing or not a time");
                }

                return new TtsStoredLine(number, _settings.TopicOf(device), message, receivedAt, null, null);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                return Bad(number, raw, "storage_malformed", "line " + number + " is not JSON: " + e.Message);
            }
        }

        public void Dispose() => _http.Dispose();

        private static List<TtsStoredLine> SortOldestFirst(List<TtsStoredLine> lines)
        {
            var sorted = new List<TtsStoredLine>(lines);
            sorted.Sort((a, b) => a.ReceivedAt == b.ReceivedAt ? a.Line.CompareTo(b.Line)
                : a.ReceivedAt == null ? -1 : b.ReceivedAt == null ? 1 : a.ReceivedAt.Value.CompareTo(b.ReceivedAt.Value));
            return sorted;
        }

        private TtsStoredLine Bad(int number, byte[] raw, string reason, string message) =>
            new TtsStoredLine(number, null, raw, null, reason, message);

        private static string Shorten(string text) => text.Length <= 300 ? text : text.Substring(0, 300) + "…";

        private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> bytes)
        {
            int start = 0;
            int end = bytes.Length;
            while (start < end && bytes[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                start++;
            }

            while (end > start && bytes[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                end--;
            }

            return bytes.Slice(start, end - start);
        }

        /// <summary>Lines of the body; a line beyond <see cref="MaxLineBytes"/> is cut there (and then refused as oversize).</summary>
        private static async IAsyncEnumerable<byte[]> ReadLinesAsync(Stream body, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancel)
        {
            var buffer = new byte[16 * 1024];
            var line = new MemoryStream();
            bool overflow = false;
            int read;
            while ((read = await body.ReadAsync(buffer, cancel)) > 0)
            {
                int start = 0;
                for (int i = 0; i < read; i++)
                {
                    if (buffer[i] != (byte)'\n')
                    {
                        continue;
                    }

                    Append(line, buffer, start, i - start, ref overflow);
                    yield return Take(line, ref overflow);
                    start = i + 1;
                }

                Append(line, buffer, start, read - start, ref overflow);
            }

            if (line.Length > 0)
            {
                yield return Take(line, ref overflow);
            }
        }

        private static void Append(MemoryStream line, byte[] buffer, int start, int count, ref bool overflow)
        {
            int room = MaxLineBytes + 1 - (int)line.Length;
            if (count > room)
            {
                overflow = true;
                count = Math.Max(0, room);
            }

            line.Write(buffer, start, count);
        }

        private static byte[] Take(MemoryStream line, ref bool overflow)
        {
            byte[] bytes = line.ToArray();
            line.SetLength(0);
            overflow = false;
            return bytes;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Smile.Gateway.Configuration;
using Smile.Mqtt;

namespace Smile.Gateway.Sources
{
    /// <summary>
    /// The received_at of the newest TTS uplink the gateway holds, per application: where the next gap fill starts.
    /// Advanced only after a commit (so it never runs ahead of the buffer), kept in {DataDirectory}/tts-cursor.json
    /// (written at most every <see cref="FlushInterval"/>, and after each fill: an older file only makes the next
    /// fill ask for some uplinks the de-duplication then drops). The buffer's schema is not touched.
    /// </summary>
    public sealed class TtsCursor
    {
        public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(60);

        private readonly object _gate = new object();
        private readonly string _path;
        private readonly ILogger<TtsCursor> _log;
        private readonly TtsSourceSetting _tts;
        private readonly Dictionary<string, DateTimeOffset> _newest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        private readonly TimeProvider _time;
        private long? _flushedTimestamp; // monotonic: a wall-clock step back would hold the file for its length
        private bool _dirty;

        public TtsCursor(GatewayOptions options, ILogger<TtsCursor> log, TimeProvider time)
        {
            _log = log;
            _time = time;
            _tts = options.Sources.TheThingsStack;
            _path = Path.Combine(options.Gateway.DataDirectory, "tts-cursor.json");
            Load();
        }

        private bool Active => _tts.Enabled && _tts.Storage.Enabled;

        public DateTimeOffset? Get(string application)
        {
            lock (_gate)
            {
                return _newest.TryGetValue(application, out DateTimeOffset at) ? at : null;
            }
        }

        /// <summary>A TTS uplink of the application, received at that instant, is now durable in the buffer.</summary>
        public void Advance(string application, DateTimeOffset receivedAt)
        {
            lock (_gate)
            {
                if (!_newest.TryGetValue(application, out DateTimeOffset at) || receivedAt > at)
                {
                    _newest[application] = receivedAt;
                    _dirty = true;
                }
            }
        }

        /// <summary>Committed messages from the local broker: the TTS uplinks among them advance their application's cursor.</summary>
        public void Observe(IReadOnlyList<MqttMessage> committed)
        {
            if (!Active)
            {
                return;
            }

            foreach (MqttMessage message in committed)
            {
                if (TopicFilter.Matches(_tts.Topic, message.Topic) && ApplicationOf(message.Topic) is string application && ReceivedAt(message.Payload) is DateTimeOffset at)
                {
                    Advance(application, at);
                }
            }

            Flush(force: false);
        }

        /// <summary>Writes the file when something changed and (unless forced) the last write is a while ago. Failures are logged, not thrown.</summary>
        public void Flush(bool force)
        {
            string json;
            lock (_gate)
            {
                if (!_dirty || (!force && _flushedTimestamp is long flushed && _time.GetElapsedTime(flushed) < FlushInterval))
                {
                    return;
                }

                var copy = new SortedDictionary<string, string>(StringComparer.Ordinal);
                foreach (var (application, at) in _newest)
                {
                    copy[application] = at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
                }

                json = JsonSerializer.Serialize(copy, GatewayJson.Default.SortedDictionaryStringString);
                _dirty = false;
                _flushedTimestamp = _time.GetTimestamp();
            }

            try
            {
                string temporary = _path + ".tmp";
                using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    byte[] bytes = System.Text.Encoding.UTF8.GetBytes(json);
                    file.Write(bytes);
                    file.Flush(flushToDisk: true);
                }

                File.Move(temporary, _path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                lock (_gate)
                {
                    _dirty = true;
                }

                _log.LogWarning("could not save the TTS gap-fill cursor to {Path}: {Error}", _path, e.Message);
            }
        }

        /// <summary>The application id of a TTS topic v3/{application}[@{tenant}]/devices/…, or null.</summary>
        public static string? ApplicationOf(string topic)
        {
            string[] levels = topic.Split('/');
            if (levels.Length < 2 || levels[0] != "v3")
            {
                return null;
            }

            int at = levels[1].IndexOf('@');
            string application = at >= 0 ? levels[1].Substring(0, at) : levels[1];
            return application.Length > 0 ? application : null;
        }

        private static DateTimeOffset? ReceivedAt(ReadOnlyMemory<byte> payload)
        {
            try
            {
                var reader = new Utf8JsonReader(payload.Span);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool wanted = reader.ValueTextEquals("received_at"u8);
                    reader.Read();
                    if (wanted)
                    {
                        return reader.TokenType == JsonTokenType.String && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture,
                            DateTimeStyles.AssumeUniversal, out DateTimeOffset at) ? at : null;
                    }

                    reader.Skip();
                }
            }
            catch (JsonException)
            {
                // Not JSON: the pipeline quarantines it; it moves no cursor.
            }

            return null;
        }

        private void Load()
        {
            if (!File.Exists(_path))
            {
                return;
            }

            try
            {
                var saved = JsonSerializer.Deserialize(File.ReadAllText(_path), GatewayJson.Default.DictionaryStringString) ?? new Dictionary<string, string>();
                foreach (var (application, at) in saved)
                {
                    if (DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed))
                    {
                        _newest[application] = parsed;
                    }
                }
            }
            catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
            {
                _log.LogWarning("ignoring the TTS gap-fill cursor {Path} ({Error}): the next fill looks back the configured maximum", _path, e.Message);
            }
        }
    }
}

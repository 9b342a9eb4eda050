using Smile.Gateway.Configuration;

namespace Smile.Gateway.Sources
{
    /// <summary>Tells by its topic which enabled source a message comes from, and parses it into an uplink or a rejection.</summary>
    public sealed class SourceRouter
    {
        private readonly SourceSettings _settings;

        public SourceRouter(SourceSettings settings) => _settings = settings;

        /// <summary>An <see cref="Uplink"/>, a <see cref="SourceRejection"/>, or null for a topic no source claims.</summary>
        public object? Parse(string topic, byte[] payload, long receivedMs) => SourceOf(topic) switch
        {
            UplinkSource.Wifi => WifiUplinks.Parse(topic, payload, receivedMs),
            UplinkSource.ChirpStack => ChirpStackUplinks.Parse(topic, payload, receivedMs),
            UplinkSource.TheThingsStack => TtsUplinks.Parse(topic, payload, receivedMs),
            _ => null,
        };

        /// <summary>Which enabled source claims the topic, or null.</summary>
        public UplinkSource? SourceOf(string topic)
        {
            if (_settings.Wifi.Enabled && TopicFilter.Matches(_settings.Wifi.Topic, topic))
            {
                return UplinkSource.Wifi;
            }

            if (_settings.ChirpStack.Enabled && TopicFilter.Matches(_settings.ChirpStack.Topic, topic))
            {
                return UplinkSource.ChirpStack;
            }

            return _settings.TheThingsStack.Enabled && TopicFilter.Matches(_settings.TheThingsStack.Topic, topic) ? UplinkSource.TheThingsStack : null;
        }

        public string[] Filters()
        {
            var filters = new System.Collections.Generic.List<string>();
            foreach (SourceSetting s in new[] { _settings.Wifi, _settings.ChirpStack, _settings.TheThingsStack })
            {
                if (s.Enabled)
                {
                    filters.Add(s.Topic);
                }
            }

            return filters.ToArray();
        }
    }

    /// <summary>MQTT topic filter matching (+ one level, # the rest).</summary>
    public static class TopicFilter
    {
        public static bool Matches(string filter, string topic)
        {
            string[] f = filter.Split('/');
            string[] t = topic.Split('/');
            for (int i = 0; i < f.Length; i++)
            {
                if (f[i] == "#")
                {
                    return true;
                }

                if (i >= t.Length || (f[i] != "+" && f[i] != t[i]))
                {
                    return false;
                }
            }

            return f.Length == t.Length;
        }
    }
}

using System;
using System.Collections.Generic;

namespace Smile.Gateway.Configuration
{
    /// <summary>The Things Stack source: its MQTT topic, and where its Storage Integration fills what MQTT missed.</summary>
    public sealed class TtsSourceSetting : SourceSetting
    {
        /// <summary>Smile:Sources:TheThingsStack:Storage.</summary>
        public TtsStorageSettings Storage { get; set; } = new TtsStorageSettings();

        /// <summary>Smile:Sources:TheThingsStack:Mqtt: TTS's own MQTT server, read directly instead of through the local broker.</summary>
        public TtsMqttSettings Mqtt { get; set; } = new TtsMqttSettings();
    }

    /// <summary>
    /// A direct connection to The Things Stack's MQTT server (usually in the cloud), for when no Pub/Sub integration
    /// delivers into the local broker. That server offers QoS 0 only, so what it publishes while this connection is
    /// down is filled from the Storage Integration after every reconnect. Off while Host is empty.
    /// </summary>
    public sealed class TtsMqttSettings : BrokerSettings
    {
        public TtsMqttSettings()
        {
            Host = "";
            Port = 8883;
            ClientId = "smile-gateway-tts";

            // Reached over the internet with an API key as the password: TLS unless a setting turns it off.
            Tls = new TlsSettings { Enabled = true };
        }

        /// <summary>The environment variable holding the password (a TTS API key); the key itself is never in a settings file or the log.</summary>
        public string PasswordVariable { get; set; } = "SMILE_TTS_MQTT_PASSWORD";

        /// <summary>What is subscribed; {username} is replaced by the login.</summary>
        public string Topic { get; set; } = "v3/{username}/devices/+/up";

        public bool Enabled => Host.Length > 0;

        /// <summary>The login: Username, or TTS's "{application}@{tenant}" from the Storage settings.</summary>
        public string Login(TtsStorageSettings storage) => !string.IsNullOrEmpty(Username) ? Username
            : storage.ApplicationId.Length == 0 ? "" : storage.ApplicationId + (storage.Tenant.Length > 0 ? "@" + storage.Tenant : "");

        public string TopicFilter(TtsStorageSettings storage) => Topic.Replace("{username}", Login(storage), StringComparison.Ordinal);

        /// <summary>What is wrong with these settings beyond the broker's own (the TTS source's topic filter must claim what is subscribed).</summary>
        public IEnumerable<string> Problems(TtsSourceSetting tts)
        {
            if (!Enabled)
            {
                yield break;
            }

            if (!tts.Enabled)
            {
                yield return "Host is set but Sources:TheThingsStack:Enabled is not true";
            }

            if (Login(tts.Storage).Length == 0)
            {
                yield return "Username must be set to \"{application}@{tenant}\" (or Storage:ApplicationId and Tenant, from which it is made)";
            }

            if (!string.IsNullOrEmpty(Password))
            {
                yield return "Password must not be set: the password comes from the environment variable named by PasswordVariable";
            }

            if (PasswordVariable.Length == 0)
            {
                yield return "PasswordVariable must name the environment variable holding the API key";
            }

            string filter = TopicFilter(tts.Storage);
            if (!Sources.TopicFilter.Matches(tts.Topic, filter.Replace("+", "device", StringComparison.Ordinal)))
            {
                yield return "Topic '" + filter + "' is not claimed by the TTS source's Topic '" + tts.Topic + "': set both to what TTS publishes";
            }
        }
    }

    /// <summary>
    /// The Things Stack's Storage Integration API, asked after every (re)connect of the TTS source (its own MQTT
    /// connection when Mqtt:Host is set, else the local broker's) for the uplinks
    /// published meanwhile (TTS's MQTT server offers QoS 0 only). Off while BaseUrl is empty.
    /// </summary>
    public sealed class TtsStorageSettings
    {
        /// <summary>The TTS cluster, e.g. "https://eu1.cloud.thethings.network"; empty: no gap filling.</summary>
        public string BaseUrl { get; set; } = "";

        /// <summary>The application whose uplinks are fetched (TTS's application id, without "@tenant").</summary>
        public string ApplicationId { get; set; } = "";

        /// <summary>The tenant in the MQTT topic (v3/{application}@{tenant}/…), e.g. "ttn" on The Things Stack Sandbox; empty: none.</summary>
        public string Tenant { get; set; } = "";

        /// <summary>The environment variable holding the API key (it needs "read application traffic"); the key itself is never in a settings file or the log.</summary>
        public string ApiKeyVariable { get; set; } = "SMILE_TTS_API_KEY";

        /// <summary>How far back a fill looks at most, also when the gateway holds nothing yet.</summary>
        public int MaxLookbackHours { get; set; } = 24;

        /// <summary>Uplinks per request (the API's limit parameter); a full page asks for the next.</summary>
        public int PageLimit { get; set; } = 100;

        /// <summary>Most pages one fill reads (PageLimit × MaxPages uplinks); the rest waits for the next reconnect.</summary>
        public int MaxPages { get; set; } = 100;

        /// <summary>Each HTTP request, with reading its whole answer, must finish within this.</summary>
        public int RequestTimeoutSeconds { get; set; } = 30;

        /// <summary>Retries of a failed fill wait at most this long (with jitter).</summary>
        public int MaxRetryDelaySeconds { get; set; } = 300;

        public bool Enabled => BaseUrl.Length > 0;

        /// <summary>The topic a stored uplink of the device is given, as TTS's MQTT server would publish it.</summary>
        public string TopicOf(string deviceId) => "v3/" + ApplicationId + (Tenant.Length > 0 ? "@" + Tenant : "") + "/devices/" + deviceId + "/up";

        /// <summary>What is wrong with these settings, for the options validator (the TTS source's topic filter must claim <see cref="TopicOf"/>).</summary>
        public IEnumerable<string> Problems(string topicFilter)
        {
            if (!Enabled)
            {
                yield break;
            }

            if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out Uri? uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
            {
                yield return "BaseUrl must be an http(s) URL, e.g. https://eu1.cloud.thethings.network";
            }

            if (ApplicationId.Length == 0 || ApplicationId.Contains('@') || ApplicationId.Contains('/'))
            {
                yield return "ApplicationId must be TTS's application id (without @tenant)";
            }

            if (ApiKeyVariable.Length == 0)
            {
                yield return "ApiKeyVariable must name the environment variable holding the API key";
            }

            if (MaxLookbackHours < 1 || PageLimit < 1 || MaxPages < 1 || RequestTimeoutSeconds < 1 || MaxRetryDelaySeconds < 1)
            {
                yield return "MaxLookbackHours, PageLimit, MaxPages, RequestTimeoutSeconds and MaxRetryDelaySeconds must be at least 1";
            }

            if (!Sources.TopicFilter.Matches(topicFilter, TopicOf("device")))
            {
                yield return "the TTS source's Topic '" + topicFilter + "' does not match " + TopicOf("{device}") + ": set Tenant (or the Topic) to what TTS publishes";
            }
        }
    }
}

using System;
using System.Collections.Generic;
using Smile.Mqtt;

namespace Smile.Gateway.Configuration
{
    internal static class MqttOptionsFactory
    {
        /// <summary>Options of one connection; clientId, username and password replace the broker's (the local publisher has its own).</summary>
        public static MqttClientOptions Create(BrokerSettings broker, MqttWill? will = null, string? clientId = null, string? username = null, string? password = null) => new MqttClientOptions
        {
            Host = broker.Host,
            Port = broker.Port,
            ClientId = clientId ?? broker.ClientId,
            CleanSession = false,
            KeepAliveSeconds = broker.KeepAliveSeconds,
            Username = username ?? broker.Username,
            Password = password ?? broker.Password,
            MaxInflight = broker.MaxInflight,
            Will = will,
            Members = broker is UpstreamSettings upstream ? Members(upstream) : new List<MqttEndpoint>(),
            UnsupportedTopicCharacters = broker is UpstreamSettings platform ? platform.UnsupportedTopicCharacters : "",
            ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(30),
            Tls = broker.Tls is { Enabled: true } tls
                ? new MqttTlsOptions
                {
                    CaFile = tls.CaFile,
                    ClientCertificateFile = tls.ClientCertificateFile,
                    ClientKeyFile = tls.ClientKeyFile,
                    ServerName = tls.ServerName,
                    AllowUntrustedCertificates = tls.AllowUntrustedCertificates,
                }
                : null,
        };

        /// <summary>The upstream members, parsed; the validator has refused the configuration if one is not host:port.</summary>
        private static List<MqttEndpoint> Members(UpstreamSettings upstream)
        {
            var members = new List<MqttEndpoint>();
            foreach (string member in upstream.Members)
            {
                members.Add(MqttEndpoint.TryParse(member, upstream.Port, out _) ?? throw new ArgumentException("Upstream:Members: '" + member + "' is not host:port"));
            }

            return members;
        }
    }
}

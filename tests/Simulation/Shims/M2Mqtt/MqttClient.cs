using System;
using System.Collections;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using nanoFramework.M2Mqtt.Exceptions;
using nanoFramework.M2Mqtt.Messages;
using Smile.Simulation;

namespace nanoFramework.M2Mqtt
{
    public enum MqttSslProtocols
    {
        None,
        SSLv3,
        TLSv1_0,
        TLSv1_1,
        TLSv1_2,
        TLSv1_3,
    }

    public interface IMqttClient
    {
        delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);

        delegate void MqttMsgPublishedEventHandler(object sender, MqttMsgPublishedEventArgs e);
    }

    /// <summary>
    /// nanoFramework.M2Mqtt 5.1.220's client over Smile.Mqtt, failing as the real one does (nanoframework/nanoFramework.m2mqtt
    /// v5.1.220: MqttClient.cs, MqttNetworkChannel.cs): the constructor resolves the host name and lets DNS's
    /// SocketException out; Connect wraps a failed TCP/TLS connection in MqttConnectionException, throws
    /// MqttCommunicationException when no CONNACK comes within its fixed 30 s, and returns the CONNACK code of a refusal;
    /// Publish never throws: a message not acknowledged after 3 tries 1 s apart is reported with IsPublished false.
    /// </summary>
    public class MqttClient : IMqttClient, IDisposable
    {
        /// <summary>M2Mqtt waits a fixed 30 s for CONNACK (its TimeoutOnConnection setting is never read).</summary>
        private static readonly TimeSpan ConnAckTimeout = TimeSpan.FromSeconds(30);

        /// <summary>QoS 1: 3 sends 1000 ms apart (MqttSettings AttemptsOnRetry, DelayOnRetry), then IsPublished false.</summary>
        private static readonly TimeSpan PublishGiveUp = TimeSpan.FromSeconds(3);

        private readonly string _host;
        private readonly X509Certificate? _ca;
        private readonly IPAddress _address;
        private readonly int _port;
        private readonly bool _secure;
        private Smile.Mqtt.MqttClient? _client;
        private CancellationTokenSource? _reading;
        private int _nextId;

        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert, MqttSslProtocols sslProtocol)
        {
            // MqttNetworkChannel's constructor calls Dns.GetHostEntry: an unknown name throws SocketException here.
            _host = brokerHostName;
            _ca = caCert;
            _address = IPAddress.TryParse(brokerHostName, out IPAddress? literal) ? literal : Dns.GetHostEntry(brokerHostName).AddressList[0];
            _port = brokerPort;
            _secure = secure;
        }

        public event IMqttClient.MqttMsgPublishEventHandler? MqttMsgPublishReceived;

        public event IMqttClient.MqttMsgPublishedEventHandler? MqttMsgPublished;

        public bool IsConnected => _client?.IsConnected ?? false;

        public MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel, bool willFlag,
            string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(_address, _port);
                if (_secure)
                {
                    Handshake(probe);
                }
            }
            catch (Exception e) when (e is SocketException or IOException or AuthenticationException)
            {
                throw new MqttConnectionException("Exception connecting to the broker", e);
            }

            var options = new Smile.Mqtt.MqttClientOptions
            {
                Host = _address.ToString(),
                Port = _port,
                ClientId = clientId,
                Username = username,
                Password = password,
                CleanSession = cleanSession,
                KeepAliveSeconds = keepAlivePeriod,
                Tls = _secure ? new Smile.Mqtt.MqttTlsOptions { CaFile = CaFile(), ServerName = _host } : null,
                Will = willFlag ? new Smile.Mqtt.MqttWill(willTopic, System.Text.Encoding.UTF8.GetBytes(willMessage), (Smile.Mqtt.QoS)willQosLevel, willRetain) : null,
                ConnectTimeout = ConnAckTimeout,
            };
            var client = new Smile.Mqtt.MqttClient(options);
            client.Start();
            Task<bool> connected = client.WaitConnectedAsync(ConnAckTimeout);
            while (!connected.IsCompleted && client.LastRefusal == null)
            {
                Thread.Sleep(10);
            }

            if (!connected.IsCompleted || !connected.Result)
            {
                byte? refusal = client.LastRefusal;
                client.AbortAsync().GetAwaiter().GetResult();
                return refusal is byte code ? (MqttReasonCode)code : throw new MqttCommunicationException();
            }

            _client = client;
            _reading = new CancellationTokenSource();
            _ = Task.Run(() => ReadAsync(client, _reading.Token));
            return MqttReasonCode.Success;
        }

        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels)
        {
            ushort id = (ushort)Interlocked.Increment(ref _nextId);
            if (_client != null)
            {
                for (int i = 0; i < topics.Length; i++)
                {
                    _ = _client.SubscribeAsync(topics[i], (Smile.Mqtt.QoS)qosLevels[i]);
                }
            }

            return id;
        }

        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain)
        {
            ushort id = (ushort)Interlocked.Increment(ref _nextId);
            Task acked = _client == null || !_client.IsConnected ? Task.Delay(Timeout.Infinite) : _client.PublishAsync(topic, message, (Smile.Mqtt.QoS)qosLevel, retain);
            if (qosLevel != MqttQoSLevel.AtMostOnce)
            {
                Task.WhenAny(acked, Task.Delay(PublishGiveUp)).ContinueWith(
                    first => MqttMsgPublished?.Invoke(this, new MqttMsgPublishedEventArgs(id, first.Result == acked && acked.IsCompletedSuccessfully)),
                    TaskScheduler.Default);
            }

            return id;
        }

        public void Disconnect()
        {
            // On a closed connection M2Mqtt's Disconnect fails inside its send (inferred from MqttClient.Send: research note a).
            if (_client == null || !_client.IsConnected)
            {
                throw new MqttCommunicationException(new NullReferenceException());
            }

            _reading?.Cancel();
            _client.StopAsync().GetAwaiter().GetResult();
        }

        public void Dispose()
        {
            _reading?.Cancel();
            _client?.AbortAsync().GetAwaiter().GetResult();
        }

        /// <summary>
        /// The device's TLS (mbedTLS) checks the broker's certificate against the configured CA and its dates against
        /// the RTC: at 1970 it fails with MBEDTLS_ERR_X509_CERT_VERIFY_FAILED, a SocketException -9984 on the stable
        /// firmware (research note d). Every handshake records the RTC's year so a test can see when it began.
        /// </summary>
        private void Handshake(TcpClient probe)
        {
            SimulatedBoard.TlsHandshakeYears.Enqueue(SimulatedBoard.RtcUtc.Year);
            if (SimulatedBoard.RtcUtc.Year < 2021)
            {
                throw new SocketException(-9984);
            }

            using var tls = new SslStream(probe.GetStream(), false, (_, certificate, _, _) => Trusted(certificate));
            tls.AuthenticateAsClient(_host);
        }

        private bool Trusted(X509Certificate? certificate)
        {
            if (certificate == null || _ca == null)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.Add(new X509Certificate2(_ca));
            return chain.Build(new X509Certificate2(certificate));
        }

        private string? CaFile()
        {
            if (_ca == null)
            {
                return null;
            }

            string path = Path.Combine(Path.GetTempPath(), "smile-node-ca-" + Environment.ProcessId + ".pem");
            File.WriteAllText(path, new X509Certificate2(_ca).ExportCertificatePem());
            return path;
        }

        private async Task ReadAsync(Smile.Mqtt.MqttClient client, CancellationToken cancel)
        {
            try
            {
                while (!cancel.IsCancellationRequested)
                {
                    Smile.Mqtt.MqttMessage message = await client.Messages.ReadAsync(cancel);
                    MqttMsgPublishReceived?.Invoke(this, new MqttMsgPublishEventArgs(message.Topic, message.Payload, false, (MqttQoSLevel)message.QoS, message.Retain));
                    await client.AckAsync(message);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
            {
                // Disconnected.
            }
        }
    }
}

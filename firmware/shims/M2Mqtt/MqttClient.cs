using System;
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using nanoFramework.M2Mqtt.Messages;

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

    /// <summary>nanoFramework.M2Mqtt's client over Smile.Mqtt: Connect blocks like the device's, publishes report through events.</summary>
    public class MqttClient : IDisposable
    {
        private readonly string _host;
        private readonly int _port;
        private readonly bool _secure;
        private Smile.Mqtt.MqttClient? _client;
        private CancellationTokenSource? _reading;
        private int _nextId;

        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert, MqttSslProtocols sslProtocol)
        {
            _host = brokerHostName;
            _port = brokerPort;
            _secure = secure;
        }

        public event IMqttClient.MqttMsgPublishEventHandler? MqttMsgPublishReceived;

        public event IMqttClient.MqttMsgPublishedEventHandler? MqttMsgPublished;

        public bool IsConnected => _client?.IsConnected ?? false;

        public MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel, bool willFlag,
            string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod)
        {
            var options = new Smile.Mqtt.MqttClientOptions
            {
                Host = _host,
                Port = _port,
                ClientId = clientId,
                Username = username,
                Password = password,
                CleanSession = cleanSession,
                KeepAliveSeconds = keepAlivePeriod,
                Tls = _secure ? new Smile.Mqtt.MqttTlsOptions() : null,
                Will = willFlag ? new Smile.Mqtt.MqttWill(willTopic, System.Text.Encoding.UTF8.GetBytes(willMessage), (Smile.Mqtt.QoS)willQosLevel, willRetain) : null,
                ConnectTimeout = TimeSpan.FromSeconds(5),
            };
            _client = new Smile.Mqtt.MqttClient(options);
            _client.Start();
            if (!_client.WaitConnectedAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult())
            {
                _client.AbortAsync().GetAwaiter().GetResult();
                return MqttReasonCode.UnspecifiedError;
            }

            _reading = new CancellationTokenSource();
            _ = Task.Run(() => ReadAsync(_client, _reading.Token));
            return MqttReasonCode.Success;
        }

        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels)
        {
            for (int i = 0; i < topics.Length; i++)
            {
                _client!.SubscribeAsync(topics[i], (Smile.Mqtt.QoS)qosLevels[i]).GetAwaiter().GetResult();
            }

            return (ushort)Interlocked.Increment(ref _nextId);
        }

        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain)
        {
            ushort id = (ushort)Interlocked.Increment(ref _nextId);
            Task acked = _client!.PublishAsync(topic, message, (Smile.Mqtt.QoS)qosLevel, retain);
            acked.ContinueWith(t => MqttMsgPublished?.Invoke(this, new MqttMsgPublishedEventArgs { MessageId = id, IsPublished = t.IsCompletedSuccessfully }),
                TaskScheduler.Default);
            return id;
        }

        public void Disconnect()
        {
            _reading?.Cancel();
            _client?.StopAsync().GetAwaiter().GetResult();
        }

        public void Dispose() => Disconnect();

        private async Task ReadAsync(Smile.Mqtt.MqttClient client, CancellationToken cancel)
        {
            try
            {
                while (!cancel.IsCancellationRequested)
                {
                    Smile.Mqtt.MqttMessage message = await client.Messages.ReadAsync(cancel);
                    MqttMsgPublishReceived?.Invoke(this, new MqttMsgPublishEventArgs(message.Topic, message.Payload));
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

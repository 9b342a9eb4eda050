using System;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using nanoFramework.Networking;
using Smile.Frames;

namespace Smile.Node.App
{
    /// <summary>
    /// Wi-Fi and nanoFramework.M2Mqtt: the node's own login, TLS with the broker's CA when configured, a retained last
    /// will on smile/will/{node}, frames to smile/up/{node} at QoS 1, and the gateway's acks from smile/ack/{node}.
    /// Every wait of the wake is bounded by the caller's timeout; M2Mqtt's own connect runs on a thread it may abandon.
    /// </summary>
    public sealed class M2MqttLink : IMqttLink
    {
        private readonly NodeConfig _config;
        private readonly string _uplinkTopic;
        private readonly string _ackTopic;
        private readonly byte[] _ack = new byte[NodeAck.Length];
        private readonly AutoResetEvent _published = new AutoResetEvent(false);
        private readonly AutoResetEvent _acked = new AutoResetEvent(false);
        private bool _fresh;
        private MqttClient? _client;
        private int _confirmedId = -1;
        private bool _confirmedOk;

        public M2MqttLink(NodeConfig config)
        {
            _config = config;
            _uplinkTopic = "smile/up/" + config.NodeId;
            _ackTopic = "smile/ack/" + config.NodeId;
        }

        public int RssiDbm => 0;

        public bool Connect(int timeoutMs)
        {
            long deadline = System.Environment.TickCount64 + timeoutMs;
            bool secure = _config.MqttCaCertificate.Length > 0;

            // TLS checks the broker certificate's dates against the RTC, which a power cut resets to 1970: with a CA the
            // helper also waits, within the same timeout, until SNTP has set the clock (requiresDateTime).
            var wifi = new CancellationTokenSource(timeoutMs);
            if (!WifiNetworkHelper.ConnectDhcp(_config.WifiSsid, _config.WifiPassword, System.Device.Wifi.WifiReconnectionKind.Automatic, secure, 0, wifi.Token))
            {
                Console.WriteLine("smile-node: Wi-Fi: status " + ((int)WifiNetworkHelper.Status).ToString());
                return false;
            }

            // M2Mqtt's own waits are not ours to bound: DNS in its constructor, the TCP connect, the TLS handshake and a
            // fixed 30 s for CONNACK (m2mqtt v5.1.220). It runs on a thread the wake waits for only until the deadline;
            // deep sleep ends that thread with everything else if the broker never answers.
            var connecting = new BrokerConnection(this, secure);
            var thread = new Thread(connecting.Run);
            thread.Start();
            long left = deadline - System.Environment.TickCount64;
            if (left <= 0 || !thread.Join((int)left))
            {
                Console.WriteLine("smile-node: MQTT: no connection within the wake budget");
                return false;
            }

            return connecting.Connected;
        }

        /// <summary>One connection attempt on its own thread, so the wake can stop waiting for it.</summary>
        private sealed class BrokerConnection
        {
            private readonly M2MqttLink _link;
            private readonly bool _secure;

            public BrokerConnection(M2MqttLink link, bool secure)
            {
                _link = link;
                _secure = secure;
            }

            public bool Connected { get; private set; }

            public void Run()
            {
                try
                {
                    Connected = _link.ConnectBroker(_secure);
                }
                catch (Exception e)
                {
                    // M2Mqtt throws SocketException (DNS, in its constructor), MqttConnectionException (TCP or TLS) and
                    // MqttCommunicationException (no CONNACK in 30 s): the broker is unreachable this wake.
                    Console.WriteLine("smile-node: MQTT: " + e.GetType().FullName + ": " + e.Message);
                }
            }
        }

        private bool ConnectBroker(bool secure)
        {
            // PEM bytes with the trailing zero mbedTLS's parser needs: what nanoFramework's X509Certificate(string) does
            // (System.Net, research note d); .NET reads the string overload as a file name, so the bytes go in directly.
            X509Certificate? ca = secure ? new X509Certificate(Encoding.UTF8.GetBytes(_config.MqttCaCertificate + "\0")) : null;
            var client = new MqttClient(_config.MqttHost, _config.MqttPort, secure, ca!, null!, secure ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
            client.MqttMsgPublishReceived += OnMessage;
            client.MqttMsgPublished += OnPublished;
            MqttReasonCode code = client.Connect(_config.NodeId, _config.MqttUsername, _config.MqttPassword, true, MqttQoSLevel.AtLeastOnce, true,
                "smile/will/" + _config.NodeId, "offline", true, 60);
            if (code != MqttReasonCode.Success)
            {
                Console.WriteLine("smile-node: MQTT: the broker refused the connection: " + ((int)code).ToString());
                return false;
            }

            client.Subscribe(new string[] { _ackTopic }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
            _client = client;
            return true;
        }

        public bool Publish(byte[] payload, int length, int timeoutMs)
        {
            if (_client == null)
            {
                return false;
            }

            var frame = new byte[length];
            for (int i = 0; i < length; i++)
            {
                frame[i] = payload[i];
            }

            // The PUBACK event may come before Publish returns the id: wait for the id, not for the first event.
            long deadline = System.Environment.TickCount64 + timeoutMs;
            ushort id = _client.Publish(_uplinkTopic, frame, null!, null!, MqttQoSLevel.AtLeastOnce, false);
            while (_confirmedId != id)
            {
                long left = deadline - System.Environment.TickCount64;
                if (left <= 0 || !_published.WaitOne((int)left, false))
                {
                    return _confirmedId == id && _confirmedOk;
                }
            }

            return _confirmedOk;
        }

        public bool LatestAck(byte[] ack, int timeoutMs)
        {
            if (!_fresh && !_acked.WaitOne(timeoutMs, false))
            {
                return false;
            }

            lock (_ack)
            {
                for (int i = 0; i < NodeAck.Length; i++)
                {
                    ack[i] = _ack[i];
                }

                _fresh = false;
            }

            return true;
        }

        public void Disconnect()
        {
            try
            {
                if (_client != null && _client.IsConnected)
                {
                    _client.Disconnect();
                }
            }
            catch (Exception e)
            {
                // The connection died under it (MqttCommunicationException): nothing left to close.
                Console.WriteLine("smile-node: MQTT disconnect: " + e.Message);
            }
        }

        private void OnMessage(object sender, MqttMsgPublishEventArgs e)
        {
            if (e.Topic != _ackTopic || e.Message == null || NodeAck.Check(e.Message, e.Message.Length) != FrameErrorCode.None)
            {
                return;
            }

            lock (_ack)
            {
                for (int i = 0; i < NodeAck.Length; i++)
                {
                    _ack[i] = e.Message[i];
                }

                _fresh = true;
            }

            _acked.Set();
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            _confirmedOk = e.IsPublished;
            _confirmedId = e.MessageId;
            _published.Set();
        }
    }
}

using System;
using System.Collections;
using Smile.Node;
using Smile.Frames;

namespace Smile.Simulation.Devices
{
    /// <summary>
    /// A broker and gateway as a Wi-Fi node sees them: publishes can be refused (Wi-Fi down), and the gateway
    /// acknowledges what it received (or, to test resends, loses some frames on the way).
    /// </summary>
    public sealed class SimulatedMqttLink : IMqttLink
    {
        private readonly VirtualClock _clock;
        private readonly byte[] _ack = new byte[NodeAck.Length];
        private bool _fresh;
        private int _newest = -1;
        private int _newestBoot;
        private readonly bool[] _held = new bool[4096];

        public SimulatedMqttLink(VirtualClock clock) => _clock = clock;

        /// <summary>
        /// Wi-Fi association and DHCP, SNTP, TCP and the TLS handshake, MQTT CONNECT: an estimate (no measurement on
        /// nanoFramework found; ESP-IDF gives no figure either). hardware/power-budget.md shows how the Wi-Fi figure
        /// moves with it, and the first-board checklist measures it.
        /// </summary>
        public const int ConnectMs = 3000;

        /// <summary>One QoS 1 publish and its PUBACK on a local network: an estimate.</summary>
        public const int PublishMs = 50;

        public bool WifiDown { get; set; }

        /// <summary>When set, the first connection's SNTP sets the node's clock to this Unix time.</summary>
        public long SntpUnixSeconds { get; set; }

        /// <summary>The next this many frames are lost between broker and gateway.</summary>
        public int LoseFrames { get; set; }

        /// <summary>
        /// The next this many publishes reach the broker and the gateway, but their PUBACK is lost: the node waits out
        /// its timeout without knowing whether the frame left.
        /// </summary>
        public int LosePubacks { get; set; }

        public int Published { get; private set; }

        /// <summary>Every frame that reached the gateway (byte arrays), repeats included.</summary>
        public ArrayList Frames { get; } = new ArrayList();

        /// <summary>The last frame published, decoded.</summary>
        public Frame? LastFrame { get; private set; }

        public int Delivered { get; private set; }

        public int RssiDbm => -61;

        public bool Connect(int timeoutMs)
        {
            _clock.Spend(WifiDown ? timeoutMs : ConnectMs, NodePhase.Wifi);
            if (!WifiDown && SntpUnixSeconds > 0 && !_clock.Synced)
            {
                _clock.SetBySntp(SntpUnixSeconds);
            }

            return !WifiDown;
        }

        public bool Publish(byte[] payload, int length, int timeoutMs)
        {
            _clock.Spend(PublishMs, NodePhase.Wifi);
            Published++;
            if (LosePubacks > 0)
            {
                LosePubacks--;
                Receive(payload, length);
                _clock.Spend(timeoutMs, NodePhase.Wifi);
                return false;
            }

            if (LoseFrames > 0)
            {
                LoseFrames--;
                return true;
            }

            Receive(payload, length);
            return true;
        }

        /// <summary>The gateway's side: it holds the frame and acknowledges what it holds.</summary>
        private void Receive(byte[] payload, int length)
        {
            var frame = new byte[length];
            Array.Copy(payload, frame, length);
            Frames.Add(frame);
            DecodeResult result = FrameDecoder.Decode(payload, 0, length);
            LastFrame = result.Frame;
            if (!result.Ok)
            {
                return;
            }

            int sequence = result.Frame!.Sequence;
            if (!_held[sequence])
            {
                _held[sequence] = true;
                Delivered += result.Frame.SampleCount;
            }

            _newest = sequence;
            _newestBoot = result.Frame.Boot;
            int bitmap = 0;
            for (int i = 0; i < NodeAck.HeldFrames; i++)
            {
                if (_held[NodeAck.HeldSequence(sequence, i)])
                {
                    bitmap |= 1 << i;
                }
            }

            NodeAck.Encode(_newest, _newestBoot, bitmap, _ack, 0);
            _fresh = true;
        }

        public bool LatestAck(byte[] ack, int timeoutMs)
        {
            if (!_fresh)
            {
                _clock.Spend(timeoutMs, NodePhase.Wifi);
                return false;
            }

            _fresh = false;
            for (int i = 0; i < NodeAck.Length; i++)
            {
                ack[i] = _ack[i];
            }

            return true;
        }

        public void Disconnect()
        {
        }
    }
}

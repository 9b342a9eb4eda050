using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Smile.Frames;
using Smile.Mqtt;
using Smile.Simulation.Place;

namespace Smile.Bench
{
    /// <summary>
    /// Wi-Fi nodes publishing standard v1 frames at QoS 1: as fast as a bounded in-flight window allows, or paced at
    /// a fixed rate. Remembers when each (node, sequence) was sent and which ones the broker acknowledged.
    /// </summary>
    public sealed class Load
    {
        private readonly int _nodes;
        private readonly bool _persistentSession;
        private readonly int _statusEvery;

        /// <param name="nodes">How many node ids the frames come from.</param>
        /// <param name="persistentSession">Keep the MQTT session across broker restarts, so in-flight frames are sent again.</param>
        /// <param name="statusEvery">Every this many frames a status frame instead of a measurement (0: none).</param>
        public Load(int nodes, bool persistentSession = false, int statusEvery = 0)
        {
            _nodes = nodes;
            _persistentSession = persistentSession;
            _statusEvery = statusEvery;
        }

        /// <summary>(node, sequence) of the status frames sent.</summary>
        public HashSet<(string Node, int Seq)> StatusFrames { get; } = new HashSet<(string, int)>();

        public ConcurrentDictionary<(string Node, int Seq), long> SentAt { get; } = new ConcurrentDictionary<(string, int), long>();

        public ConcurrentDictionary<(string Node, int Seq), bool> Acknowledged { get; } = new ConcurrentDictionary<(string, int), bool>();

        public static string Node(int i) => "bench-" + i.ToString("D3");

        /// <param name="local">The Smile Place broker the nodes publish to.</param>
        /// <param name="messages">How many frames to send.</param>
        /// <param name="window">The most frames in flight (sent, not yet acknowledged).</param>
        /// <param name="ratePerSecond">0: as fast as the window allows.</param>
        /// <param name="stop">Ends the stream early (the fault scenarios stream until their fault is over).</param>
        public async Task RunAsync(Mosquitto local, int messages, int window, double ratePerSecond, Func<bool>? stop = null)
        {
            await using var client = new MqttClient(new MqttClientOptions { Port = local.Port, ClientId = "bench-nodes", CleanSession = !_persistentSession, MaxInflight = window,
                ReconnectMinDelay = TimeSpan.FromMilliseconds(100), ReconnectMaxDelay = TimeSpan.FromSeconds(1) });
            client.Start();
            if (!await client.WaitConnectedAsync(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException("load not connected: " + client.LastError);
            }

            var frames = Frames(messages);
            var acks = new List<Task>(messages);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < messages && (stop == null || !stop()); i++)
            {
                if (ratePerSecond > 0)
                {
                    double due = i / ratePerSecond;
                    while (clock.Elapsed.TotalSeconds < due)
                    {
                        await Task.Delay(1);
                    }
                }

                var (node, seq, frame) = frames[i];
                SentAt[(node, seq)] = Stopwatch.GetTimestamp();
                Task acked = await client.EnqueuePublishAsync("smile/up/" + node, frame, QoS.AtLeastOnce, false);
                acks.Add(acked.ContinueWith(t =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        Acknowledged[(node, seq)] = true;
                    }
                }, TaskScheduler.Default));
            }

            await Task.WhenAll(acks);
        }

        /// <summary>Round-robin over the nodes; each node's sequence counts up (under 4096 per node for 400k messages).</summary>
        private List<(string Node, int Seq, byte[] Frame)> Frames(int messages)
        {
            var encoder = new FrameEncoder();
            var result = new EncodeResult();
            var list = new List<(string, int, byte[])>(messages);
            var sample = new Sample();
            sample.Time = 0;
            sample.SetValue(Fields.Temperature, 21.37);
            sample.SetValue(Fields.Humidity, 45.5);
            sample.SetValue(Fields.Pressure, 1013.2);
            sample.Set(Fields.Presence, 1);
            sample.Set(Fields.MotionCount, 3);
            sample.SetValue(Fields.Battery, 3.71);
            var frame = new Frame { Type = FrameFormat.TypeMeasurement, Samples = new[] { sample }, SampleCount = 1 };
            var status = new Frame { Type = FrameFormat.TypeStatus, Status = new NodeStatus { FirmwareMajor = 1, ResetReason = ResetReason.DeepSleepWake, HasBattery = true, BatteryRaw = 171 } };
            for (int i = 0; i < messages; i++)
            {
                bool isStatus = _statusEvery > 0 && i % _statusEvery == _statusEvery - 1;
                Frame next = isStatus ? status : frame;
                next.Sequence = (i / _nodes) & FrameFormat.MaxSequence;
                if (isStatus)
                {
                    StatusFrames.Add((Node(i % _nodes), next.Sequence));
                }

                list.Add((Node(i % _nodes), next.Sequence, encoder.EncodeToArray(next, 64, result)!));
            }

            return list;
        }
    }
}

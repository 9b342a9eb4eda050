using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Smile.Frames;
using Smile.Mqtt;
using Smile.Place;

namespace Smile.Bench
{
    /// <summary>
    /// Wi-Fi nodes publishing standard v1 frames at QoS 1: as fast as a bounded in-flight window allows, or paced at
    /// a fixed rate. Remembers when each (node, sequence) was sent and which ones the broker acknowledged.
    /// </summary>
    public sealed class Load
    {
        private readonly int _nodes;

        public Load(int nodes) => _nodes = nodes;

        public ConcurrentDictionary<(string Node, int Seq), long> SentAt { get; } = new ConcurrentDictionary<(string, int), long>();

        public ConcurrentDictionary<(string Node, int Seq), bool> Acknowledged { get; } = new ConcurrentDictionary<(string, int), bool>();

        public static string Node(int i) => "bench-" + i.ToString("D3");

        /// <param name="ratePerSecond">0: as fast as the window allows.</param>
        public async Task RunAsync(Mosquitto local, int messages, int window, double ratePerSecond)
        {
            await using var client = new MqttClient(new MqttClientOptions { Port = local.Port, ClientId = "bench-nodes", CleanSession = true, MaxInflight = window });
            client.Start();
            if (!await client.WaitConnectedAsync(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException("load not connected: " + client.LastError);
            }

            var frames = Frames(messages);
            var acks = new List<Task>(messages);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < messages; i++)
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
            for (int i = 0; i < messages; i++)
            {
                frame.Sequence = (i / _nodes) & FrameFormat.MaxSequence;
                list.Add((Node(i % _nodes), frame.Sequence, encoder.EncodeToArray(frame, 64, result)!));
            }

            return list;
        }
    }
}

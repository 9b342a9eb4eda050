using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Smile.Simulation.MqttClients;
using Smile.Simulation.Place;

namespace Smile.MqttClient.Bench
{
    /// <summary>
    /// The child process: one client, one workload. It connects (and subscribes), says "ready", waits for "go" on
    /// stdin, runs, and prints one line: seconds, CPU seconds and bytes allocated between go and the last PUBACK
    /// sent or received. Everything measured is the client and the loop the gateway would run around it.
    /// </summary>
    public static class ClientRun
    {
        public const int AckBatch = 100;
        public const int Window = 200;
        public const int Nodes = 200;

        public static async Task<int> RunAsync(ClientKind kind, Workload workload, int port, int messages)
        {
            await using ITestClient client = TestClients.Create(kind, new ClientSettings { Port = port, ClientId = "bench-" + workload, KeepAlive = TimeSpan.FromSeconds(30) });
            if (!await client.StartAsync(TimeSpan.FromSeconds(10)))
            {
                Console.Error.WriteLine("not connected: " + client.LastError);
                return 1;
            }

            // Built before the clock starts: what the gateway holds anyway (its rows), not the client's cost.
            var topics = new string[Nodes];
            var payloads = new byte[Nodes][];
            for (int i = 0; i < Nodes; i++)
            {
                topics[i] = "bench/up/" + StandardFrames.WifiNode(i);
                payloads[i] = StandardFrames.Measurement(i);
            }

            if (workload == Workload.Receive)
            {
                await client.SubscribeAsync("smile/up/#");
            }

            Console.WriteLine("ready");
            if (Console.ReadLine() != "go")
            {
                return 1;
            }

            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            long allocated = GC.GetTotalAllocatedBytes(true);
            var clock = Stopwatch.StartNew();
            if (workload == Workload.Receive)
            {
                await ReceiveAsync(client, messages);
            }
            else
            {
                await PublishAsync(client, messages, topics, payloads);
            }

            double seconds = clock.Elapsed.TotalSeconds;
            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            long bytes = GC.GetTotalAllocatedBytes(true) - allocated;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result {seconds} {cpuSeconds} {bytes}"));
            return 0;
        }

        /// <summary>As the gateway's ingest: take what is there up to a batch, "commit", acknowledge the batch.</summary>
        private static async Task ReceiveAsync(ITestClient client, int messages)
        {
            var batch = new List<Received>(AckBatch);
            int received = 0;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            while (received < messages)
            {
                batch.Add(await client.ReceiveAsync(timeout.Token));
                while (batch.Count < AckBatch && client.TryReceive(out Received next))
                {
                    batch.Add(next);
                }

                received += batch.Count;
                await client.AckAsync(batch);
                batch.Clear();
            }
        }

        private static async Task PublishAsync(ITestClient client, int messages, string[] topics, byte[][] payloads)
        {
            var window = new Queue<Task>(Window);
            for (int i = 0; i < messages; i++)
            {
                if (window.Count == Window)
                {
                    await window.Dequeue();
                }

                window.Enqueue(await client.PublishAsync(topics[i % Nodes], payloads[i % Nodes]));
            }

            await Task.WhenAll(window);
        }
    }
}

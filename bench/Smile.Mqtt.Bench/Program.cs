using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using Smile.Mqtt;

// One client publishes QoS 1 messages to a broker on 127.0.0.1, another receives and acknowledges them in batches, as
// the gateway does after a commit. After a warm-up it prints its process id and waits for Enter, so that a tracer
// (strace -c -f -p PID) can attach and see the measured run alone; it waits for Enter again before it disconnects.
//   smile-mqtt-bench PORT MESSAGES [MESSAGES_PER_SECOND]
int port = int.Parse(args[0]);
int count = int.Parse(args[1]);
double perSecond = args.Length > 2 ? double.Parse(args[2]) : 0;

var receiver = new MqttClient(new MqttClientOptions { Port = port, ClientId = "mqtt-bench-receiver", CleanSession = true });
var sender = new MqttClient(new MqttClientOptions { Port = port, ClientId = "mqtt-bench-sender", CleanSession = true, MaxInflight = 200 });
receiver.Start();
sender.Start();
if (!await receiver.WaitConnectedAsync(TimeSpan.FromSeconds(10)) || !await sender.WaitConnectedAsync(TimeSpan.FromSeconds(10)))
{
    Console.Error.WriteLine("no broker on port " + port + ": " + (receiver.LastError ?? sender.LastError));
    return 1;
}

await receiver.SubscribeAsync("mqtt-bench/#", QoS.AtLeastOnce);
await RunAsync(2000, 0);
Console.WriteLine("ready " + Environment.ProcessId);
Console.ReadLine();

long allocated = GC.GetTotalAllocatedBytes(true);
var clock = Stopwatch.StartNew();
await RunAsync(count, perSecond);
clock.Stop();
allocated = GC.GetTotalAllocatedBytes(true) - allocated;
Console.WriteLine($"done: {count} messages in {clock.Elapsed.TotalSeconds:F2} s, {(double)allocated / count:F0} B allocated per message");
Console.ReadLine();
await sender.StopAsync();
await receiver.StopAsync();
return 0;

async Task RunAsync(int messages, double rate)
{
    Task receiving = ReceiveAsync(messages);
    var payload = new byte[60];
    var acknowledgements = new List<Task>(messages);
    var paced = Stopwatch.StartNew();
    for (int i = 0; i < messages; i++)
    {
        if (rate > 0 && i / rate > paced.Elapsed.TotalSeconds + 0.005)
        {
            await Task.Delay(TimeSpan.FromSeconds(i / rate) - paced.Elapsed);
        }

        acknowledgements.Add(await sender.EnqueuePublishAsync("mqtt-bench/node-" + (i % 100), payload, QoS.AtLeastOnce, false));
    }

    await Task.WhenAll(acknowledgements);
    await receiving;
}

async Task ReceiveAsync(int messages)
{
    var batch = new List<MqttMessage>(256);
    for (int received = 0; received < messages; received += batch.Count)
    {
        batch.Clear();
        batch.Add(await receiver.Messages.ReadAsync());
        while (batch.Count < 256 && receiver.Messages.TryRead(out MqttMessage? message))
        {
            batch.Add(message);
        }

        await receiver.AckAsync(batch);
    }
}

using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Smile.Mqtt;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Nodectl.Tests
{
    /// <summary>nodectl tail on the platform side of a real gateway: readable lines for measurements, dead letters and the gateway's status.</summary>
[Trait("Category", "process")]
    public sealed class TailTests
    {
        [Fact]
        public async Task Tail_prints_the_gateways_normalized_stream_as_readable_lines()
        {
            using Mosquitto local = Mosquitto.Start();
            using Mosquitto upstream = Mosquitto.Start();
            using var gateway = new GatewayProcess(local, upstream);
            await gateway.StartReadyAsync();
            var output = new StringWriter();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            Task<int> tail = TailCommand.RunAsync(new MqttClientOptions { Port = upstream.Port, ClientId = "tail-test", CleanSession = true }, "smile/v1/#", false, 0, output, TextWriter.Null, stop.Token);

            await using var node = new MqttClient(new MqttClientOptions { Port = local.Port, ClientId = "node-7" });
            node.Start();
            await node.WaitConnectedAsync(TimeSpan.FromSeconds(10));
            await node.PublishAsync("smile/up/node-7", Convert.FromHexString("204d23daff2b787903ab"), QoS.AtLeastOnce, false);
            await node.PublishAsync("smile/up/node-7", Convert.FromHexString("200010ebfce4e1e40eac"), QoS.AtLeastOnce, false);
            while (!stop.IsCancellationRequested && !(Has(output, "DEAD LETTER") && Has(output, "temperature") && Has(output, "gateway gw-test")))
            {
                await Task.Delay(100);
            }

            stop.Cancel();
            Assert.Equal(0, await tail);
            string text = output.ToString();
            Assert.Contains("node-7  temperature 21.37 Cel · humidity 45.5 %RH · pressure 101320 Pa · presence yes · motion_count 3 count", text);
            Assert.Contains("battery 3.71 V  [wifi]  seq 1234 boot 3 sample 0", text);
            Assert.Contains("node-7  DEAD LETTER value_out_of_range, byte 5: humidity_pct code 201 is above its maximum 200 (from smile/up/node-7)", text);
            Assert.Contains("gateway gw-test  online", text);
        }

        private static bool Has(StringWriter output, string text)
        {
            lock (output)
            {
                return output.ToString().Contains(text);
            }
        }
    }
}

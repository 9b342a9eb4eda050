extern alias SimulatedHardware;

using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Smile.Node;
using SimulatedHardware::Smile.Simulation;
using Smile.Simulation.Place;
using Xunit;

namespace Smile.Gateway.Tests
{
    /// <summary>
    /// The node application's real Main as a Wi-Fi node (M2Mqtt shim over a real MQTT connection) against mosquitto
    /// and the gateway process: its frames reach the platform, and it deletes samples only on the gateway's ack.
    /// </summary>
    [Collection("gateway processes")]
    [Trait("Category", "process")]
    public sealed class WifiNodeTests : IDisposable
    {
        private readonly string _flash = Directory.CreateTempSubdirectory("smile-wifi-node-").FullName;

        public void Dispose() => Directory.Delete(_flash, true);

        [Fact]
        public async Task A_wifi_node_keeps_its_samples_until_the_gateway_acknowledges_them()
        {
            using var local = TestBrokers.Local();
            using var upstream = TestBrokers.Upstream();
            using var gateway = new GatewayProcess(local, upstream);
            await using var platform = await PlatformSubscriber.ConnectAsync(upstream);
            SimulatedBoard.I2cDevices[(1, 0x76)] = new SimulatedBme280 { TemperatureC = 22.5 };
            SimulatedBoard.AdcRatios[6] = 0.6;
            SimulatedBoard.DeepSleep = () => { };
            SimulatedBoard.WifiSsid = "smile-place";
            SimulatedBoard.WifiUp = true;
            Smile.Node.App.Program.StorageRoot = _flash;
            Smile.Node.App.Program.ConfigWaitSeconds = 0;
            File.WriteAllText(Path.Combine(_flash, "config.json"), @"{
  ""NodeId"": ""wifi-07"", ""Site"": ""hafen"", ""Transport"": ""wifi"",
  ""WifiSsid"": ""smile-place"", ""WifiPassword"": ""password123"",
  ""MqttHost"": ""127.0.0.1"", ""MqttPort"": " + local.Port + @", ""MqttUsername"": ""wifi-07"", ""MqttPassword"": ""a-long-node-secret"",
  ""SampleIntervalSeconds"": 10, ""SendIntervalSeconds"": 10, ""WakeBudgetMs"": 8000
}");

            // The gateway is down (its session waits on the broker): the node publishes, the broker queues, no ack comes.
            await gateway.StartReadyAsync();
            Assert.Equal(0, gateway.Terminate());
            SimulatedBoard.WakeupCause = 0;
            Smile.Node.App.Program.Main();
            Assert.Equal(1, Buffered());

            await gateway.StartReadyAsync();

            // Someone walks by: the PIR wakes the node, and the presence change makes the next wake send at once.
            SimulatedBoard.PinLevels[27] = true;
            SimulatedBoard.WakeupCause = (int)SimulatedHardware::nanoFramework.Hardware.Esp32.Sleep.WakeupCause.Ext0;
            Smile.Node.App.Program.Main();
            SimulatedBoard.WakeupCause = (int)SimulatedHardware::nanoFramework.Hardware.Esp32.Sleep.WakeupCause.Timer;
            Smile.Node.App.Program.Main();

            Assert.Equal(0, Buffered());
            Assert.True(await platform.WaitForAsync(p => p.OfSchema("smile.measurement.v1").Count(m => (string)m["node_id"]! == "wifi-07") >= 2,
                TimeSpan.FromSeconds(20)));
            Assert.Contains(platform.OfSchema("smile.node-status.v1"), m => (string)m["node_id"]! == "wifi-07");
            Assert.Empty(platform.DuplicatesWithDifferentIds());
        }

        private int Buffered()
        {
            var buffer = new SampleBuffer(288);
            new NodeStore(288).Load(new Smile.Node.App.FlashStorage(_flash), new NodeState(), new PendingFrames(), buffer);
            return buffer.Count;
        }
    }
}

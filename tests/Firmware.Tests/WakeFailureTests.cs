using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using Smile.Frames;
using Smile.Simulation;
using Xunit;
using Cause = nanoFramework.Hardware.Esp32.Sleep.WakeupCause;

namespace Smile.Firmware.Tests
{
    /// <summary>
    /// A node never stays awake by accident: whatever the hardware, the network or the flash throws, Main ends in deep
    /// sleep within the wake budget, and a failure the node had to swallow is counted and reported in the next status
    /// frame. Each shim throws what the real library throws (named in the shim).
    /// </summary>
    [Collection("simulated board")]
    public sealed class WakeFailureTests : IDisposable
    {
        private const int BudgetMs = 4000;
        private readonly SimulatedNode _node = new SimulatedNode();

        public void Dispose() => _node.Dispose();

        [Fact]
        public void A_broker_name_that_does_not_resolve_throws_in_m2mqtts_constructor_and_the_node_sleeps()
        {
            _node.Provision(SimulatedNode.Config(SimulatedNode.Wifi("no-such-broker.invalid", 1883, Budget())));

            _node.Wake(Cause.Undefined);

            AssertSleptWithinBudget();
        }

        [Fact]
        public void A_broker_that_refuses_the_tcp_connection_throws_mqtt_connection_exception_and_the_node_sleeps()
        {
            _node.Provision(SimulatedNode.Config(SimulatedNode.Wifi("127.0.0.1", ClosedPort(), Budget())));

            _node.Wake(Cause.Undefined);

            AssertSleptWithinBudget();
        }

        [Fact]
        public void No_access_point_and_the_node_sleeps()
        {
            SimulatedBoard.WifiUp = false;
            _node.Provision(SimulatedNode.Config(SimulatedNode.Wifi("127.0.0.1", ClosedPort(), Budget())));

            _node.Wake(Cause.Undefined);

            AssertSleptWithinBudget();
        }

        [Fact]
        public void A_broker_that_accepts_tcp_and_never_answers_costs_the_budget_not_m2mqtts_30_seconds()
        {
            var silent = new TcpListener(IPAddress.Loopback, 0);
            silent.Start();
            try
            {
                _node.Provision(SimulatedNode.Config(SimulatedNode.Wifi("127.0.0.1", ((IPEndPoint)silent.LocalEndpoint).Port, Budget())));

                _node.Wake(Cause.Undefined, limitSeconds: 20);

                AssertSleptWithinBudget();
            }
            finally
            {
                silent.Stop();
            }
        }

        [Fact]
        public void A_modem_that_never_answers_costs_the_budget_and_no_more()
        {
            SimulatedBoard.Uarts.Clear();
            _node.Provision(SimulatedNode.Config(SimulatedNode.LoRaWan + Budget()));

            _node.Wake(Cause.Undefined);

            AssertSleptWithinBudget();
            Assert.True(File.Exists(Path.Combine(_node.Flash, Smile.Node.NodeStore.FileName)), "the sample is kept for the next wake");
        }

        [Fact]
        public void No_bme280_at_either_address_and_the_node_still_reports()
        {
            SimulatedBoard.I2cDevices.Clear();
            _node.Provision(SimulatedNode.Config(SimulatedNode.LoRaWan));

            _node.Wake(Cause.Undefined);

            Sample sample = _node.Frames()[1].Samples[0];
            Assert.False(sample.Has(Fields.Temperature));
            Assert.True(sample.Has(Fields.Battery) && sample.Has(Fields.Presence));
        }

        [Fact]
        public void A_flash_write_that_fails_ends_in_deep_sleep_and_the_node_writes_again_once_the_flash_takes_it()
        {
            _node.Provision(SimulatedNode.Config(SimulatedNode.LoRaWan));
            string store = Path.Combine(_node.Flash, Smile.Node.NodeStore.FileName);
            Directory.CreateDirectory(store);

            _node.Wake(Cause.Undefined);

            // The record of the failure would go to the same file, so it is lost with the wake's samples: logged only.
            Assert.Equal(TimeSpan.FromSeconds(300), SimulatedBoard.RequestedSleep);
            Directory.Delete(store);
            _node.Wake(Cause.Timer);

            Assert.Equal(TimeSpan.FromSeconds(300), SimulatedBoard.RequestedSleep);
            Assert.Equal(1, Smile.Node.NodeState.Load(new Smile.Node.App.FlashStorage(_node.Flash)).Cycles);
        }

        [Fact]
        public void A_config_file_that_is_not_json_leaves_the_node_asleep_for_an_hour()
        {
            _node.Provision("{\"NodeId\": \"hro-hafen-07\", \"SampleIntervalSeconds\": 3");

            _node.Wake(Cause.Undefined);

            Assert.Equal(TimeSpan.FromHours(1), SimulatedBoard.RequestedSleep);
            Assert.Empty(_node.Modem.Sent);
        }

        [Fact]
        public void Flash_that_cannot_be_read_at_all_still_ends_in_deep_sleep()
        {
            Smile.Node.App.Program.StorageRoot = Path.Combine(_node.Flash, "no-such-drive");

            _node.Wake(Cause.Undefined);

            Assert.Equal(TimeSpan.FromHours(1), SimulatedBoard.RequestedSleep);
        }

        private static string Budget() => @", ""WakeBudgetMs"": " + BudgetMs;

        private void AssertSleptWithinBudget()
        {
            Assert.Equal(1, _node.Sleeps);
            Assert.True(_node.LastWake < TimeSpan.FromMilliseconds(BudgetMs + 2000), "awake for " + _node.LastWake);
            Assert.InRange(SimulatedBoard.RequestedSleep!.Value.TotalSeconds, 300 - BudgetMs / 1000 - 2, 300);
        }

        private static int ClosedPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}

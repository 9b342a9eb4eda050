using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Smile.Frames;
using Smile.Simulation;
using Smile.Simulation.Devices;

namespace Smile.Firmware.Tests
{
    /// <summary>
    /// One node on the simulated board for the app's real Main: a BME280 at 0x76, a Wio-E5 on COM2, the battery on
    /// ADC1 channel 6, flash in a temporary folder; every other board setting back to its default. What runs is .NET
    /// against the shims, not an ESP32.
    /// </summary>
    public sealed class SimulatedNode : IDisposable
    {
        public const string LoRaWan = @"""Transport"": ""lorawan"", ""Modem"": ""wio-e5"",
  ""DevEui"": ""70B3D57ED0000007"", ""JoinEui"": ""0000000000000000"", ""AppKey"": ""2B7E151628AED2A6ABF7158809CF4F3C""";

        public SimulatedNode()
        {
            Modem = new SimulatedWioE5(Clock);
            SimulatedBoard.I2cDevices.Clear();
            SimulatedBoard.I2cDevices[(1, 0x76)] = new SimulatedBme280 { TemperatureC = 17.42, HumidityPercent = 63.5, PressureHpa = 1008.7 };
            SimulatedBoard.Uarts.Clear();
            SimulatedBoard.Uarts["COM2"] = new ModemUart(Modem);
            SimulatedBoard.ByteUarts.Clear();
            SimulatedBoard.AdcRatios.Clear();
            SimulatedBoard.AdcRatios[6] = 0.59;
            SimulatedBoard.PinLevels.Clear();
            SimulatedBoard.Chip = "esp32";
            SimulatedBoard.WakeupPins = 0;
            SimulatedBoard.WakeupLevel = 0;
            SimulatedBoard.RequestedSleep = null;
            SimulatedBoard.WifiUp = true;
            SimulatedBoard.WifiSsid = "smile-place";
            SimulatedBoard.RtcUtc = DateTime.UtcNow;
            SimulatedBoard.SntpDelay = TimeSpan.Zero;
            SimulatedBoard.TlsHandshakeYears.Clear();
            SimulatedBoard.DeepSleep = () => Sleeps++;
            SimulatedBoard.LightSleep = time => Clock.Spend((long)time.TotalMilliseconds, NodePhase.LightSleep);
            Smile.Node.App.Program.StorageRoot = Flash;
            Smile.Node.App.Program.ConfigWaitSeconds = 0;
        }

        public string Flash { get; } = Directory.CreateTempSubdirectory("smile-flash-").FullName;

        /// <summary>The simulated world's time: the modem's, and the node's light sleep.</summary>
        public VirtualClock Clock { get; } = new VirtualClock();

        public SimulatedWioE5 Modem { get; }

        /// <summary>How often the firmware asked for deep sleep.</summary>
        public int Sleeps { get; private set; }

        /// <summary>How long the last wake took, Main's start to its request for deep sleep.</summary>
        public TimeSpan LastWake { get; private set; }

        /// <summary>A node config: id, site and interval fixed, the transport and anything else from the caller.</summary>
        public static string Config(string transportAndMore) => @"{
  ""NodeId"": ""hro-hafen-07"", ""Site"": ""stadthafen"", ""SampleIntervalSeconds"": 300, ""SendIntervalSeconds"": 300,
  " + transportAndMore + @"
}";

        public static string Wifi(string host, int port, string more = "") => @"""Transport"": ""wifi"", ""WifiSsid"": ""smile-place"", ""WifiPassword"": ""password123"",
  ""MqttHost"": """ + host + @""", ""MqttPort"": " + port + @", ""MqttUsername"": ""hro-hafen-07"", ""MqttPassword"": ""a-long-node-secret""" + more;

        public void Provision(string config) => File.WriteAllText(Path.Combine(Flash, "config.json"), config);

        /// <summary>
        /// One wake: sets why the chip woke and runs Main on a thread of its own. Fails if Main has not asked for deep
        /// sleep within the limit (a wait that never ends on the device hangs its thread here, not the test run), or
        /// returned without asking exactly once.
        /// </summary>
        public void Wake(nanoFramework.Hardware.Esp32.Sleep.WakeupCause cause, int limitSeconds = 30)
        {
            SimulatedBoard.WakeupCause = (int)cause;
            int before = Sleeps;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Exception? failed = null;
            var main = new System.Threading.Thread(() =>
            {
                try
                {
                    Smile.Node.App.Program.Main();
                }
                catch (Exception e)
                {
                    failed = e;
                }
            }) { IsBackground = true };
            main.Start();
            if (!main.Join(TimeSpan.FromSeconds(limitSeconds)))
            {
                throw new TimeoutException("Main did not reach deep sleep within " + limitSeconds + " s: on the device it would stay awake");
            }

            LastWake = watch.Elapsed;
            if (failed != null)
            {
                throw new InvalidOperationException("Main threw: on the device the node would stay awake", failed);
            }

            if (Sleeps != before + 1)
            {
                throw new InvalidOperationException("Main returned after " + (Sleeps - before) + " requests for deep sleep, not 1");
            }
        }

        /// <summary>The frames the node sent through the modem, decoded.</summary>
        public List<Frame> Frames() => Modem.Sent.Cast<string>().Select(h => FrameDecoder.Decode(Convert.FromHexString(h)).Frame!).ToList();

        public void Dispose() => Directory.Delete(Flash, true);

        /// <summary>Puts the simulated modem (an ISerialLine of the firmware tests) on a simulated UART.</summary>
        private sealed class ModemUart : ISimulatedUart
        {
            private readonly Smile.Node.ISerialLine _device;

            public ModemUart(Smile.Node.ISerialLine device) => _device = device;

            public void Receive(string line) => _device.WriteLine(line);

            public string? Send(int timeoutMs) => _device.ReadLine(timeoutMs);
        }
    }
}

using System;
using System.Device.Adc;
using System.Device.Gpio;
using System.Device.I2c;
using System.IO;
using System.IO.Ports;
using Iot.Device.Bmxx80;
using Iot.Device.Ld2410;
using nanoFramework.Hardware.Esp32;
using Smile.Frames;

namespace Smile.Node.App
{
    /// <summary>
    /// The node's entry point. Every wake from deep sleep starts here: read the config, wire the hardware, run one
    /// cycle (or count a PIR wake), and go back to deep sleep. Main never returns. The config arrives as
    /// I:\config.json over the debug link (nodectl flash: nanoff --filedeployment), never over a console of the app.
    /// </summary>
    public static class Program
    {
        /// <summary>Internal flash; host tests point it at a folder.</summary>
        public static string StorageRoot = "I:\\";

        private const int PirWakeSleepSeconds = 1;

        /// <summary>A node without a valid config sleeps an hour between looks (it is provisioned meanwhile).</summary>
        private const int UnprovisionedSleepSeconds = 3600;

        /// <summary>
        /// Every path ends in deep sleep: whatever a sensor, the radar, the modem, Wi-Fi, DNS, M2Mqtt, storage or the
        /// config throws is logged, counted and reported in the next status frame (reset reason "exception"), and the
        /// node sleeps its sample interval. An exception escaping Main would leave the chip awake until the battery
        /// is flat: nanoFramework does not reboot on an unhandled exception in Main.
        /// </summary>
        public static void Main()
        {
            int seconds = UnprovisionedSleepSeconds;
            NodeConfig? config = null;
            var storage = new FlashStorage(StorageRoot);
            try
            {
                Sleep.WakeupCause cause = Sleep.GetWakeupCause();
                string path = Path.Combine(StorageRoot, NodeConfigReader.FileName);
                config = ConfigFile.Load(path, Path.Combine(StorageRoot, NodeConfigImage.FileName));
                bool listened = false;
                if (config == null && cause == Sleep.WakeupCause.Undefined)
                {
                    // Power-up or reset: stay awake a while so nodectl flash (nanoff --filedeployment, over the debug
                    // link) can deploy config.json; a node in deep sleep cannot be reached.
                    listened = true;
                    config = ConfigFile.WaitFor(path, ConfigWaitSeconds);
                }

                if (config == null)
                {
                    Console.WriteLine("smile-node: not provisioned; sleeping an hour (reset the node and run nodectl flash --config-only)");
                    return;
                }

                seconds = config.SampleIntervalSeconds;
                // An ext0 wake armed under an earlier config that had a PIR is an ordinary wake under this one.
                if (cause == Sleep.WakeupCause.Ext0 && config.PinPir >= 0)
                {
                    seconds = PirWake(storage);
                    return;
                }

                bool coldBoot = cause != Sleep.WakeupCause.Timer;
                NodeCycle node = Wire(config, storage, coldBoot);
                seconds = node.Run(coldBoot, coldBoot ? ResetReason.PowerOn : ResetReason.DeepSleepWake);
                if (coldBoot && !listened && ConfigFile.WaitFor(path, ConfigWaitSeconds) != null)
                {
                    // A reset is how a technician reaches a provisioned node (asleep, it is off the debug link): a new
                    // config deployed in this window is used from the next wake on.
                    seconds = 1;
                }
            }
            catch (Exception e)
            {
                Console.WriteLine("smile-node: the wake failed, sleeping: " + e.GetType().FullName + ": " + e.Message);
                RecordFailure();
            }
            finally
            {
                GoToSleep(seconds, config, storage);
            }
        }

        /// <summary>
        /// The PIR woke the chip: a rising edge is a motion (counted; a cycle follows at once to send the presence
        /// change), a falling edge ends it (sleep until the regular cycle).
        /// </summary>
        private static int PirWake(IStorage storage)
        {
            var clock = new RtcClock();
            return NodeCycle.PirEdgeWake(storage, clock, PirWakeSleepSeconds) ? PirWakeSleepSeconds : NodeCycle.SecondsToNextCycle(storage, clock);
        }

        private static void RecordFailure()
        {
            try
            {
                NodeCycle.RecordFailure(new FlashStorage(StorageRoot));
            }
            catch (Exception e)
            {
                Console.WriteLine("smile-node: could not record the failure: " + e.Message);
            }
        }

        /// <summary>How long the node stays reachable for a config after power-up or reset; host tests shorten it.</summary>
        public static int ConfigWaitSeconds = 120;

        private static NodeCycle Wire(NodeConfig config, IStorage storage, bool coldBoot)
        {
            Configuration.SetPinFunction(config.PinI2cSda, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(config.PinI2cScl, DeviceFunction.I2C1_CLOCK);
            Configuration.SetPinFunction(config.PinModemRx, DeviceFunction.COM2_RX);
            Configuration.SetPinFunction(config.PinModemTx, DeviceFunction.COM2_TX);

            AdcChannel battery = new AdcController().OpenChannel(BoardPins.AdcChannel(config.Board, config.PinBatteryAdc));
            var sensor = new Bme280Sensor(FindBme280(config.Bme280Address), battery, config.BatteryCalibrationPermille);

            return new NodeCycle(config, new RtcClock(), storage, sensor, new Occupancy(config.PresenceHoldSeconds), Radar(config, coldBoot), Transport(config));
        }

        /// <summary>
        /// The BME280 at its configured address, or at 0x76 then 0x77 (boards differ in where SDO is tied). The
        /// binding's constructor reads the chip id and throws IOException for a wrong chip or one that does not answer
        /// (a NACK leaves a stale byte: Bmxx80Base, research note b): the node then reports without it.
        /// </summary>
        private static Bme280? FindBme280(int address)
        {
            int first = address != 0 ? address : Bme280.SecondaryI2cAddress;
            int last = address != 0 ? address : Bme280.DefaultI2cAddress;
            for (int at = first; at <= last; at++)
            {
                try
                {
                    return new Bme280(I2cDevice.Create(new I2cConnectionSettings(1, at)));
                }
                catch (IOException)
                {
                    Console.WriteLine("smile-node: no BME280 at I2C address " + at.ToString());
                }
            }

            return null;
        }

        private static IPresenceRadar? Radar(NodeConfig config, bool coldBoot)
        {
            if (!config.Radar)
            {
                return null;
            }

            // The validator accepts a radar only where a UART is free (BoardPins.RadarPort).
            string port = BoardPins.RadarPort(config.Board, config.Transport)!;
            bool com2 = port == "COM2";
            Configuration.SetPinFunction(config.PinRadarRx, com2 ? DeviceFunction.COM2_RX : DeviceFunction.COM3_RX);
            Configuration.SetPinFunction(config.PinRadarTx, com2 ? DeviceFunction.COM2_TX : DeviceFunction.COM3_TX);
            var radar = new Ld2410Radar(new Radar(port, 256000, TimeSpan.FromMilliseconds(Ld2410Radar.CommandTimeoutMs)));
            if (coldBoot)
            {
                radar.Configure(config.PresenceHoldSeconds);
            }

            return radar;
        }

        private static IUplinkTransport Transport(NodeConfig config)
        {
            if (config.Transport == "wifi")
            {
                return new WifiMqttTransport(new M2MqttLink(config));
            }

            var port = new SerialPort("COM2", config.Modem == "rak3172" ? 115200 : 9600);
            port.Open();
            var line = new SerialPortLine(port);
            var nap = new Esp32LightSleep();
            ILoRaModem modem = config.Modem == "rak3172" ? new Rak3172Modem(line, nap) : new WioE5Modem(line, nap);
            return new LoRaWanTransport(modem, new Random(), config);
        }

        /// <summary>
        /// Looks at the PIR once more (a motion may have started while the node was awake: then a cycle follows in a
        /// second), arms the timer and the PIR, and sleeps. Nothing here may keep the node awake: a refusal or an
        /// exception is logged, and deep sleep comes all the same.
        /// </summary>
        private static void GoToSleep(int seconds, NodeConfig? config, IStorage storage)
        {
            try
            {
                bool pirHigh = false;
                if (config != null && config.PinPir >= 0)
                {
                    pirHigh = PirHigh(config.PinPir);
                    if (NodeCycle.ObservePir(storage, new RtcClock(), pirHigh, PirWakeSleepSeconds))
                    {
                        seconds = PirWakeSleepSeconds;
                    }
                }

                Sleep.EnableWakeupByTimer(TimeSpan.FromSeconds(seconds));
                if (config != null && config.PinPir >= 0)
                {
                    ArmPirWake(config.PinPir, pirHigh);
                }
            }
            catch (Exception e)
            {
                // EnableWakeupByPin throws NotSupportedException on the ESP32-C3 (the validator refuses a PIR there).
                Console.WriteLine("smile-node: before sleep: " + e.Message);
                TimerWakeOnly(seconds);
            }

            Sleep.StartDeepSleep();
        }

        private static void TimerWakeOnly(int seconds)
        {
            try
            {
                Sleep.EnableWakeupByTimer(TimeSpan.FromSeconds(seconds));
            }
            catch (Exception e)
            {
                // Without a wake source the chip sleeps until reset: still better than staying awake.
                Console.WriteLine("smile-node: timer wake refused: " + e.Message);
            }
        }

        /// <summary>
        /// An HC-SR501 holds its output high for its hold time (seconds to minutes): ext0 armed on high while it is
        /// high wakes the chip at once, again and again. So the PIR wakes the chip on the level it is not at: high
        /// (a motion) while it is low, low (the motion's end) while it is high.
        /// </summary>
        private static void ArmPirWake(int pin, bool pirHigh)
        {
            EspNativeError result = Sleep.EnableWakeupByPin((Sleep.WakeupGpioPin)((ulong)1 << pin), pirHigh ? 0 : 1);
            if (result != EspNativeError.OK)
            {
                // INVALID_ARG: not an RTC GPIO (the validator prevents it); the node still wakes by the timer.
                Console.WriteLine("smile-node: PIR wake on GPIO " + pin.ToString() + " refused: error " + ((int)result).ToString());
            }
        }

        private static bool PirHigh(int pin)
        {
            using (var gpio = new GpioController())
            {
                return gpio.OpenPin(pin, PinMode.Input).Read() == PinValue.High;
            }
        }
    }
}

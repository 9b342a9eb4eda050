using System;
using System.Device.Adc;
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

        public static void Main()
        {
            Sleep.WakeupCause cause = Sleep.GetWakeupCause();
            var storage = new FlashStorage(StorageRoot);
            string path = Path.Combine(StorageRoot, NodeConfigReader.FileName);
            NodeConfig? config = ConfigFile.Load(path);
            bool listened = false;
            if (config == null && cause == Sleep.WakeupCause.Undefined)
            {
                listened = true;
                // Power-up or reset: stay awake a while so nodectl flash (nanoff --filedeployment, over the debug link)
                // can deploy config.json; a node in deep sleep cannot be reached.
                config = ConfigFile.WaitFor(path, ConfigWaitSeconds);
            }

            if (config == null)
            {
                Console.WriteLine("smile-node: not provisioned; sleeping an hour (reset the node and run nodectl flash --config-only)");
                GoToSleep(3600, -1);
                return;
            }

            if (cause == Sleep.WakeupCause.Ext0)
            {
                NodeCycle.RecordMotionWake(storage, new RtcClock());
                GoToSleep(PirWakeSleepSeconds, config.PinPir);
                return;
            }

            bool coldBoot = cause != Sleep.WakeupCause.Timer;
            NodeCycle node = Wire(config, storage, coldBoot);
            int seconds = node.Run(coldBoot, coldBoot ? ResetReason.PowerOn : ResetReason.DeepSleepWake);
            if (coldBoot && !listened && ConfigFile.WaitFor(path, ConfigWaitSeconds) != null)
            {
                // A reset is how a technician reaches a provisioned node (asleep, it is off the debug link): a new
                // config deployed in this window is used from the next wake on.
                seconds = 1;
            }

            GoToSleep(seconds, config.PinPir);
        }

        /// <summary>How long the node stays reachable for a config after power-up or reset; host tests shorten it.</summary>
        public static int ConfigWaitSeconds = 120;

        private static NodeCycle Wire(NodeConfig config, IStorage storage, bool coldBoot)
        {
            Configuration.SetPinFunction(config.PinI2cSda, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(config.PinI2cScl, DeviceFunction.I2C1_CLOCK);
            Configuration.SetPinFunction(config.PinModemRx, DeviceFunction.COM2_RX);
            Configuration.SetPinFunction(config.PinModemTx, DeviceFunction.COM2_TX);

            Bme280? bme = null;
            try
            {
                bme = new Bme280(I2cDevice.Create(new I2cConnectionSettings(1, Bme280.SecondaryI2cAddress)));
            }
            catch (IOException e)
            {
                // No BME280 answered (wrong chip, loose wire): the node still reports presence, counts and battery.
                Console.WriteLine("smile-node: BME280: " + e.Message);
            }

            AdcChannel battery = new AdcController().OpenChannel(BoardPins.AdcChannel(config.Board, config.PinBatteryAdc));
            var sensor = new Bme280Sensor(bme, battery);

            return new NodeCycle(config, new RtcClock(), storage, sensor, new Occupancy(config.PresenceHoldSeconds), Radar(config, coldBoot), Transport(config));
        }

        private static IPresenceRadar? Radar(NodeConfig config, bool coldBoot)
        {
            if (!config.Radar)
            {
                return null;
            }

            Configuration.SetPinFunction(config.PinRadarRx, DeviceFunction.COM3_RX);
            Configuration.SetPinFunction(config.PinRadarTx, DeviceFunction.COM3_TX);
            var radar = new Ld2410Radar(new Radar("COM3", 256000, TimeSpan.FromMilliseconds(500)));
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
            ILoRaModem modem = config.Modem == "rak3172" ? new Rak3172Modem(line) : new WioE5Modem(line);
            return new LoRaWanTransport(modem, new Random(), config);
        }

        private static void GoToSleep(int seconds, int pirPin)
        {
            Sleep.EnableWakeupByTimer(TimeSpan.FromSeconds(seconds));
            if (pirPin >= 0)
            {
                // The PIR must sit on an RTC GPIO to wake the chip (hardware/wiring.md); the mask bit is the GPIO number.
                Sleep.EnableWakeupByPin((Sleep.WakeupGpioPin)((ulong)1 << pirPin), 1);
            }

            Sleep.StartDeepSleep();
        }
    }
}

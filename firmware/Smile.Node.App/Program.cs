using System;
using System.Device.Adc;
using System.Device.Gpio;
using System.Device.I2c;
using System.IO;
using System.IO.Ports;
using Iot.Device.Bmxx80;
using Iot.Device.Ld2410;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Json;
using Smile.Frames;

namespace Smile.Node.App
{
    /// <summary>
    /// The node's entry point. Every wake from deep sleep starts here: read the config, wire the hardware, run one
    /// cycle (or count a PIR wake), and go back to deep sleep. Main never returns.
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
            NodeConfig? config = LoadConfig();
            if (config == null || (cause == Sleep.WakeupCause.Undefined && ProvisionButtonHeld()))
            {
                // Not provisioned, invalid, or the technician holds the button: serve the console (nodectl flash).
                Provision();
                config = LoadConfig();
                if (config == null)
                {
                    GoToSleep(3600, -1);
                    return;
                }
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
            GoToSleep(seconds, config.PinPir);
        }

        /// <summary>The BOOT button (GPIO 0, pulled up) held at power-up asks for provisioning.</summary>
        public static int ProvisionButtonPin = 0;

        private static bool ProvisionButtonHeld()
        {
            using (var gpio = new GpioController())
            {
                return gpio.OpenPin(ProvisionButtonPin, PinMode.InputPullUp).Read() == PinValue.Low;
            }
        }

        private static void Provision()
        {
            // COM1 is the USB serial console of ESP32 boards.
            var console = new SerialPort("COM1", 115200);
            console.Open();
            new Provisioning(new SerialPortLine(console), StorageRoot).Run(120000);
            console.Close();
        }

        private static NodeConfig? LoadConfig()
        {
            string path = Path.Combine(StorageRoot, "config.json");
            if (!File.Exists(path))
            {
                Console.WriteLine("smile-node: no config.json: provision the node");
                return null;
            }

            var config = (NodeConfig)JsonConvert.DeserializeObject(File.ReadAllText(path), typeof(NodeConfig));
            string[] errors = NodeConfigValidator.Validate(config);
            for (int i = 0; i < errors.Length; i++)
            {
                Console.WriteLine("smile-node: config: " + errors[i]);
            }

            return errors.Length == 0 ? config : null;
        }

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
            var radar = new Ld2410Radar(new Radar("COM3", 256000, TimeSpan.FromMilliseconds(Ld2410Radar.CommandTimeoutMs)));
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

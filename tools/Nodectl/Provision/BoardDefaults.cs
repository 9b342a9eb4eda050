using Smile.Node;

namespace Smile.Nodectl.Provision
{
    /// <summary>The default pins of each supported board (hardware/wiring.md); the ESP32-DevKitC's are NodeConfig's own.</summary>
    public static class BoardDefaults
    {
        public static void Apply(NodeConfig config)
        {
            if (config.Board == "esp32-s3")
            {
                (config.PinI2cSda, config.PinI2cScl, config.PinModemRx, config.PinModemTx) = (8, 9, 17, 18);
                (config.PinPir, config.PinBatteryAdc, config.PinRadarRx, config.PinRadarTx) = (7, 4, 15, 16);
            }
            else if (config.Board == "esp32-c3")
            {
                // No PIR: nanoFramework cannot wake a C3 on a pin. GPIO 20/21 are UART0, where the debug link runs
                // without a USB host; GPIO 2, 8 and 9 are strapping pins. The radar (Wi-Fi nodes only) takes COM2.
                (config.PinI2cSda, config.PinI2cScl, config.PinModemRx, config.PinModemTx) = (6, 7, 0, 1);
                (config.PinPir, config.PinBatteryAdc, config.PinRadarRx, config.PinRadarTx) = (-1, 3, 4, 5);
            }
        }
    }
}

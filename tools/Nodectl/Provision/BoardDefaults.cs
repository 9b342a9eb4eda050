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
                (config.PinI2cSda, config.PinI2cScl, config.PinModemRx, config.PinModemTx) = (6, 7, 20, 21);
                (config.PinPir, config.PinBatteryAdc, config.PinRadarRx, config.PinRadarTx) = (3, 2, 4, 5);
            }
        }
    }
}

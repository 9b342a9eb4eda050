namespace Smile.Node
{
    /// <summary>
    /// What the supported boards' GPIOs can do. The battery divider must sit on ADC1: ADC2 is shared with the Wi-Fi
    /// radio and reads fail while it is on.
    /// </summary>
    public static class BoardPins
    {
        /// <summary>Highest GPIO number of the board's chip; 0 for a board this firmware does not know.</summary>
        public static int MaxGpio(string board)
        {
            if (board == "esp32")
            {
                return 39;
            }

            if (board == "esp32-s3")
            {
                return 48;
            }

            return board == "esp32-c3" ? 21 : 0;
        }

        /// <summary>
        /// The ADC1 channel of a GPIO, or -1 when the pin has none. ESP32: GPIO 36 to 39 are channels 0 to 3 and
        /// GPIO 32 to 35 channels 4 to 7; ESP32-S3: GPIO 1 to 10 are channels 0 to 9; ESP32-C3: GPIO 0 to 4.
        /// </summary>
        public static int AdcChannel(string board, int gpio)
        {
            if (board == "esp32")
            {
                return gpio >= 36 && gpio <= 39 ? gpio - 36 : gpio >= 32 && gpio <= 35 ? gpio - 28 : -1;
            }

            if (board == "esp32-s3")
            {
                return gpio >= 1 && gpio <= 10 ? gpio - 1 : -1;
            }

            return board == "esp32-c3" && gpio >= 0 && gpio <= 4 ? gpio : -1;
        }

        /// <summary>The ADC1 pins, for error messages.</summary>
        public static string Adc1Pins(string board)
        {
            if (board == "esp32-s3")
            {
                return "GPIO 1 to 10";
            }

            return board == "esp32-c3" ? "GPIO 0 to 4" : "GPIO 32 to 39";
        }
    }
}

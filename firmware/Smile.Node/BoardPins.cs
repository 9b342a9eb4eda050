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

        /// <summary>
        /// Whether the PIR can wake the chip from deep sleep on this pin: an RTC GPIO (ext0 wake needs one; ESP-IDF's
        /// rtc_io_num_map: ESP32 0, 2, 4, 12 to 15, 25 to 27, 32 to 39; ESP32-S3 0 to 21) that is no strapping pin
        /// (ESP32 0, 2, 5, 12, 15; ESP32-S3 0, 3, 45, 46: a PIR's level at power-up would change how the chip boots;
        /// GPIO 0 low starts the ROM download mode). The ESP32-C3 has no ext0 wake at all.
        /// </summary>
        public static bool CanWakeOn(string board, int gpio)
        {
            if (board == "esp32")
            {
                return gpio == 4 || gpio == 13 || gpio == 14 || (gpio >= 25 && gpio <= 27) || (gpio >= 32 && gpio <= 39);
            }

            return board == "esp32-s3" && gpio >= 1 && gpio <= 21 && gpio != 3;
        }

        /// <summary>The pins <see cref="CanWakeOn"/> accepts, for error messages.</summary>
        public static string WakePins(string board)
        {
            return board == "esp32-s3" ? "GPIO 1, 2, 4 to 21" : board == "esp32" ? "GPIO 4, 13, 14, 25 to 27, 32 to 39" : "none";
        }

        /// <summary>
        /// The radar's UART: COM3 beside the modem on COM2; the ESP32-C3 has only two UARTs, COM1 being nanoFramework's
        /// debug link, so its radar takes COM2 and only a Wi-Fi node can have one. null: no UART is free.
        /// </summary>
        public static string? RadarPort(string board, string transport)
        {
            if (board != "esp32-c3")
            {
                return "COM3";
            }

            return transport == "wifi" ? "COM2" : null;
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

using System;
using System.Device.I2c;
using System.IO;

namespace Smile.Gateway.Tests.Board
{
    /// <summary>
    /// A BME280 on an I2C bus, modelled on its register map (Bosch BME280 datasheet BST-BME280-DS002, chapter 5 "Global
    /// memory map and register description", 6.2 "I²C interface"): chip id 0x60 at 0xD0, soft reset 0xE0 ← 0xB6, the
    /// calibration words at 0x88..0xA1 and 0xE1..0xE7 (4.2.2), ctrl_hum 0xF2, status 0xF3, ctrl_meas 0xF4, config
    /// 0xF5, and the data 0xF7..0xFE. A write is a register address, then (register, value) pairs; a read runs on from
    /// the last address. A forced measurement (ctrl_meas mode 01 or 10) writes raw values whose compensation (8.1, the
    /// double-precision formulas) gives the chosen temperature, pressure and humidity, and returns the chip to sleep (3.3.3).
    /// A skipped channel (oversampling 0) reads 0x80000 (0x8000 for humidity), the reset value (5.4.7..5.4.9).
    /// With <see cref="Present"/> false no device acknowledges, and every transfer throws what System.Device.Gpio's
    /// UnixI2cBus throws when the kernel's I2C_RDWR ioctl fails: IOException "Error {errno} performing I2C data transfer.";
    /// 121 (EREMOTEIO) is what the Pi's i2c-bcm2835 driver returns for a missing acknowledgement (its source; not measured on a Pi).
    /// </summary>
    public sealed class SimulatedBme280Device : I2cDevice
    {
        // Calibration: dig_T1..dig_P9 are the example trimming values of the BMP280 datasheet (BST-BMP280-DS001, 3.12),
        // whose compensation the BME280 shares; dig_H1..dig_H6 are values read from a BME280 breakout board.
        private const ushort T1 = 27504, P1 = 36477;
        private const short T2 = 26435, T3 = -1000, P2 = -10685, P3 = 3024, P4 = 2855, P5 = 140, P6 = -7, P7 = 15500, P8 = -14600, P9 = 6000;
        private const byte H1 = 75, H3 = 0;
        private const short H2 = 362, H4 = 313, H5 = 50;
        private const sbyte H6 = 30;

        private readonly byte[] _registers = new byte[256];
        private readonly I2cConnectionSettings _settings;
        private int _pointer;

        public SimulatedBme280Device(int bus = 1, int address = 0x76)
        {
            _settings = new I2cConnectionSettings(bus, address);
            Reset();
        }

        public double TemperatureC { get; set; } = 21.5;

        public double PressureHpa { get; set; } = 1013.25;

        public double HumidityPercent { get; set; } = 45;

        /// <summary>False: nothing acknowledges at the address (unplugged, wrong address, a broken wire).</summary>
        public bool Present { get; set; } = true;

        /// <summary>Forced measurements so far.</summary>
        public int Measurements { get; private set; }

        public override I2cConnectionSettings ConnectionSettings => _settings;

        public override void Read(Span<byte> buffer)
        {
            Acknowledge();
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = _registers[(_pointer + i) & 0xFF];
            }

            _pointer = (_pointer + buffer.Length) & 0xFF;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Acknowledge();
            if (buffer.Length > 0)
            {
                _pointer = buffer[0];
            }

            for (int i = 0; i + 1 < buffer.Length; i += 2)
            {
                WriteRegister(buffer[i], buffer[i + 1]);
            }
        }

        public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
        {
            Write(writeBuffer);
            Read(readBuffer);
        }

        private void Acknowledge()
        {
            if (!Present)
            {
                throw new IOException("Error 121 (Remote I/O error) performing I2C data transfer.");
            }
        }

        private void WriteRegister(int register, byte value)
        {
            if (register == 0xE0 && value == 0xB6)
            {
                Reset();
            }
            else if (register is 0xF2 or 0xF5)
            {
                _registers[register] = value;
            }
            else if (register == 0xF4)
            {
                _registers[register] = value;
                if ((value & 0b11) is 0b01 or 0b10)
                {
                    Measure();
                    _registers[0xF4] = (byte)(value & 0b1111_1100);
                }
                else if ((value & 0b11) == 0b11)
                {
                    Measure();
                }
            }
        }

        private void Reset()
        {
            Array.Clear(_registers);
            _registers[0xD0] = 0x60;
            Put16(0x88, T1);
            Put16(0x8A, T2);
            Put16(0x8C, T3);
            Put16(0x8E, P1);
            Put16(0x90, P2);
            Put16(0x92, P3);
            Put16(0x94, P4);
            Put16(0x96, P5);
            Put16(0x98, P6);
            Put16(0x9A, P7);
            Put16(0x9C, P8);
            Put16(0x9E, P9);
            _registers[0xA1] = H1;
            Put16(0xE1, H2);
            _registers[0xE3] = H3;

            // dig_H4 is 0xE4 (bits 11..4) and 0xE5 bits 3..0; dig_H5 is 0xE5 bits 7..4 (its bits 3..0) and 0xE6 (bits 11..4).
            _registers[0xE4] = (byte)(H4 >> 4);
            _registers[0xE5] = (byte)((H4 & 0x0F) | ((H5 & 0x0F) << 4));
            _registers[0xE6] = (byte)(H5 >> 4);
            _registers[0xE7] = (byte)H6;
            Put20(0xF7, 0x80000);
            Put20(0xFA, 0x80000);
            _registers[0xFD] = 0x80;
        }

        private void Measure()
        {
            Measurements++;
            int adcT = Search(adc => TemperatureFine(adc) / 5120.0, TemperatureC, 1 << 20);
            double tFine = TemperatureFine(adcT);
            bool temperature = (_registers[0xF4] >> 5) != 0, pressure = ((_registers[0xF4] >> 2) & 0b111) != 0, humidity = (_registers[0xF2] & 0b111) != 0;
            Put20(0xFA, temperature ? adcT : 0x80000);

            // Pressure falls as its raw value rises; searched on the negated value, which rises.
            Put20(0xF7, pressure ? Search(adc => -Pressure(adc, tFine) / 100, -PressureHpa, 1 << 20) : 0x80000);
            int adcH = humidity ? Search(adc => Humidity(adc, tFine), HumidityPercent, 1 << 16) : 0x8000;
            _registers[0xFD] = (byte)(adcH >> 8);
            _registers[0xFE] = (byte)adcH;
        }

        /// <summary>The raw value in 0..limit-1 whose compensation comes nearest to the target, for a compensation that rises with it.</summary>
        private static int Search(Func<int, double> compensate, double target, int limit)
        {
            int low = 0, high = limit - 1;
            while (low < high)
            {
                int middle = (low + high) / 2;
                if (compensate(middle) < target)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low > 0 && Math.Abs(compensate(low - 1) - target) < Math.Abs(compensate(low) - target) ? low - 1 : low;
        }

        private static double TemperatureFine(int adcT)
        {
            double var1 = (adcT / 16384.0 - T1 / 1024.0) * T2;
            double var2 = (adcT / 131072.0 - T1 / 8192.0) * (adcT / 131072.0 - T1 / 8192.0) * T3;
            return var1 + var2;
        }

        private static double Pressure(int adcP, double tFine)
        {
            double var1 = tFine / 2.0 - 64000.0;
            double var2 = var1 * var1 * P6 / 32768.0;
            var2 += var1 * P5 * 2.0;
            var2 = var2 / 4.0 + P4 * 65536.0;
            var1 = (P3 * var1 * var1 / 524288.0 + P2 * var1) / 524288.0;
            var1 = (1.0 + var1 / 32768.0) * P1;
            double p = 1048576.0 - adcP;
            p = (p - var2 / 4096.0) * 6250.0 / var1;
            var1 = P9 * p * p / 2147483648.0;
            var2 = p * P8 / 32768.0;
            return p + (var1 + var2 + P7) / 16.0;
        }

        private static double Humidity(int adcH, double tFine)
        {
            double h = tFine - 76800.0;
            h = (adcH - (H4 * 64.0 + H5 / 16384.0 * h)) * (H2 / 65536.0 * (1.0 + H6 / 67108864.0 * h * (1.0 + H3 / 67108864.0 * h)));
            h *= 1.0 - H1 * h / 524288.0;
            return Math.Clamp(h, 0, 100);
        }

        private void Put16(int register, int value)
        {
            _registers[register] = (byte)value;
            _registers[register + 1] = (byte)(value >> 8);
        }

        private void Put20(int register, int value)
        {
            _registers[register] = (byte)(value >> 12);
            _registers[register + 1] = (byte)(value >> 4);
            _registers[register + 2] = (byte)((value & 0x0F) << 4);
        }
    }
}

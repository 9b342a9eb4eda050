using System;

namespace System.Device.I2c
{
    public sealed class I2cConnectionSettings
    {
        public I2cConnectionSettings(int busId, int deviceAddress)
        {
            BusId = busId;
            DeviceAddress = deviceAddress;
        }

        public int BusId { get; }

        public int DeviceAddress { get; }
    }

    public class I2cDevice : IDisposable
    {
        public I2cDevice(I2cConnectionSettings settings) => ConnectionSettings = settings;

        public I2cConnectionSettings ConnectionSettings { get; }

        public static I2cDevice Create(I2cConnectionSettings settings) => new I2cDevice(settings);

        public void Dispose()
        {
        }
    }
}

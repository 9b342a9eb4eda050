using System;
using Smile.Simulation;

namespace System.Device.Adc
{
    public class AdcController
    {
        public AdcChannel OpenChannel(int channelNumber) => new AdcChannel(this, channelNumber);

        /// <summary>ESP32 ADC1 reads 12 bits raw (nf-interpreter targets/ESP32 System.Device.Adc: width 12, no calibration).</summary>
        public int MaxValue => 4095;
    }

    public abstract class AdcChannelBase
    {
        internal AdcChannelBase(AdcController controller) => Controller = controller;

        public AdcController Controller { get; }

        public abstract int ReadValue();

        public double ReadRatio() => ReadValue() / (double)Controller.MaxValue;
    }

    /// <summary>A channel of the simulated board: SimulatedBoard.AdcRatios gives the raw reading as a share of full scale.</summary>
    public class AdcChannel : AdcChannelBase, IDisposable
    {
        private readonly int _channel;

        internal AdcChannel(AdcController controller, int channel)
            : base(controller) => _channel = channel;

        public override int ReadValue() =>
            (int)Math.Round(Math.Clamp(SimulatedBoard.AdcRatios.TryGetValue(_channel, out double ratio) ? ratio : 0, 0, 1) * Controller.MaxValue);

        public void Dispose()
        {
        }
    }
}

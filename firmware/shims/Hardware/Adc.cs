using Smile.Simulation;

namespace System.Device.Adc
{
    public class AdcController
    {
        public AdcChannel OpenChannel(int channelNumber) => new AdcChannel(channelNumber);
    }

    public class AdcChannel
    {
        private readonly int _channel;

        internal AdcChannel(int channel) => _channel = channel;

        public double ReadRatio() => SimulatedBoard.AdcRatios.TryGetValue(_channel, out double ratio) ? ratio : 0;
    }
}
